"""The OPCC's figures, pre-aggregated by month, local authority and custody suite.

The dashboard never reads the raw tables: it sums `MonthlyFigure` rows, which a Celery beat
task keeps up to date (reporting.services.figures_refresh). Nothing here is about a person:
these are counts, so the models do not carry the personal-data base class.
"""

import uuid

from django.db import models


class MonthlyFigure(models.Model):
    """One count of one measure in one month, local authority and custody suite.

    `days` is set only for distributions (days from sent to accepted, ...): one row per number
    of days, so a median over any period and breakdown is exact without reading the referrals.
    """

    month = models.DateField()  # the first day of the month, Europe/London
    measure = models.CharField(max_length=40)
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, null=True, related_name="+"
    )
    suite = models.ForeignKey(
        "organisations.CustodySuite", on_delete=models.PROTECT, null=True, related_name="+"
    )
    days = models.SmallIntegerField(null=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Leads with the month: the dashboard reads a range of months through this index.
            models.UniqueConstraint(
                fields=["month", "measure", "local_authority", "suite", "days"],
                name="monthly_figure_unique_cell",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(count__gt=0), name="monthly_figure_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure} {self.count}"


class FiguresRefresh(models.Model):
    """A refresh of the monthly figures that finished: what "figures as of" on the page means.

    `started_at` is the moment the figures describe: everything recorded before it is counted.
    Written in the same transaction as the figures, so a refresh that failed leaves no row.
    """

    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField()
    full = models.BooleanField(help_text="Every month rebuilt, not only the months that changed")
    months = models.PositiveIntegerField(help_text="How many months were recomputed")
    rows = models.PositiveIntegerField(help_text="How many figure rows were written")
    # Names this refresh's figures in the cache (reporting.selectors): never reused, also after
    # a database is restored or rebuilt, where ids and times can repeat.
    key = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "figures refreshes"

    def __str__(self) -> str:
        kind = "full" if self.full else "incremental"
        return f"{kind} refresh at {self.started_at:%Y-%m-%d %H:%M}"
