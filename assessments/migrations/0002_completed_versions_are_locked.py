"""A completed assessment version cannot change: the database refuses it.

Only the person it belongs to may change (a merge moves every version to the surviving record,
renumbering when needed), and nothing may delete a completed version.
"""

from django.db import migrations

FORWARD = """
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

CREATE TRIGGER assessments_completed_is_locked
    BEFORE UPDATE OR DELETE ON assessments_assessment
    FOR EACH ROW EXECUTE FUNCTION assessments_completed_is_locked();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS assessments_completed_is_locked ON assessments_assessment;
DROP FUNCTION IF EXISTS assessments_completed_is_locked();
"""


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
