"""Retention may remove the free text of a completed version; nothing else may change it.

The lock (0002) stays as it was, except that a transaction that has said it is anonymising
(`SET LOCAL arrest_referral.anonymising = 'on'`, only in people.retention) may change the
answers and the reason for the version. Scores, status, dates and authors stay locked.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION assessments_completed_is_locked() RETURNS trigger AS $$
DECLARE
    anonymising boolean := coalesce(current_setting('arrest_referral.anonymising', true), '') = 'on';
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'completed' THEN
            RAISE EXCEPTION 'a completed assessment cannot be deleted'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'completed' AND (
        NEW.status IS DISTINCT FROM OLD.status
        OR (NEW.sections IS DISTINCT FROM OLD.sections AND NOT anonymising)
        OR NEW.completed_at IS DISTINCT FROM OLD.completed_at
        OR NEW.completed_by_id IS DISTINCT FROM OLD.completed_by_id
        OR NEW.audit_score IS DISTINCT FROM OLD.audit_score
        OR NEW.audit_c_score IS DISTINCT FROM OLD.audit_c_score
        OR NEW.sds_score IS DISTINCT FROM OLD.sds_score
        OR NEW.based_on_id IS DISTINCT FROM OLD.based_on_id
        OR (NEW.reason_for_new_version IS DISTINCT FROM OLD.reason_for_new_version
            AND NOT anonymising)
    ) THEN
        RAISE EXCEPTION 'a completed assessment cannot be changed: amend it as a new version'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

# Back to 0002's function (the trigger itself is unchanged).
BACKWARD = """
CREATE OR REPLACE FUNCTION assessments_completed_is_locked() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'completed' THEN
            RAISE EXCEPTION 'a completed assessment cannot be deleted'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'completed' AND (
        NEW.status IS DISTINCT FROM OLD.status
        OR NEW.sections IS DISTINCT FROM OLD.sections
        OR NEW.completed_at IS DISTINCT FROM OLD.completed_at
        OR NEW.completed_by_id IS DISTINCT FROM OLD.completed_by_id
        OR NEW.audit_score IS DISTINCT FROM OLD.audit_score
        OR NEW.audit_c_score IS DISTINCT FROM OLD.audit_c_score
        OR NEW.sds_score IS DISTINCT FROM OLD.sds_score
        OR NEW.based_on_id IS DISTINCT FROM OLD.based_on_id
        OR NEW.reason_for_new_version IS DISTINCT FROM OLD.reason_for_new_version
    ) THEN
        RAISE EXCEPTION 'a completed assessment cannot be changed: amend it as a new version'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_completed_versions_are_locked")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
