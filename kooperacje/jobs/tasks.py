"""The tasks of one app's queue. Each runs in the app's context in the consumer."""
import logging
from types import SimpleNamespace

from huey import crontab

from kooperacje.clock import local_today

log = logging.getLogger(__name__)


def register_tasks(huey, app):
    config = app.config

    @huey.task(retries=config["MAIL_RETRIES"], retry_delay=config["MAIL_RETRY_DELAY"], retry_backoff=2,
               name="send_mail")
    def send_mail(*mail_ids):
        from kooperacje.jobs.mail import deliver

        with app.app_context():
            deliver(*mail_ids)

    def enqueue_unsent():
        """Every e-mail not yet sent: at once, in batches of MAIL_BATCH (one SMTP connection
        each), or alone when another worker's claim on it runs out."""
        from kooperacje.jobs.mail import unsent

        with app.app_context():
            pending = unsent()
        ready = [mail_id for mail_id, wait in pending if not wait]
        for start in range(0, len(ready), config["MAIL_BATCH"]):
            send_mail(*ready[start:start + config["MAIL_BATCH"]])
        for mail_id, wait in pending:
            if wait:
                send_mail.schedule((mail_id,), delay=wait)
        return len(pending)

    @huey.task(name="send_unsent_mail")
    def send_unsent_mail():
        return enqueue_unsent()

    @huey.periodic_task(crontab(minute="0", hour=str(config["REMINDER_HOUR"])), name="daily_reminders")
    def daily_reminders():
        return produce_reminders_for(local_today())

    def produce_reminders_for(day):
        from kooperacje.jobs.reminders import produce_reminders

        with app.app_context():
            produced = produce_reminders(day)
        log.info("reminders produced: %d", produced)
        enqueue_unsent()
        return produced

    @huey.task(retries=2, retry_delay=60, name="export_contracts")
    def export_contracts(export_id, municipality_id):
        from kooperacje.contracts.exports import run
        from kooperacje.database import job_tenant

        # the export reads one municipality's case files for one user: scoped as their requests are
        with job_tenant(app, municipality_id):
            run(export_id)

    @huey.periodic_task(crontab(minute="15"), name="remove_expired_exports")
    def remove_expired_exports():
        from kooperacje.contracts.exports import remove_expired

        with app.app_context():
            return remove_expired()

    # at night, after the day's records: the regional dashboard reads only this summary
    @huey.periodic_task(crontab(minute="30", hour="1"), name="refresh_indicator_summary")
    def refresh_indicator_summary():
        from kooperacje.statistics.service import refresh

        with app.app_context():
            written = refresh()
        log.info("indicator summary refreshed: %d rows", written)
        return written

    @huey.on_startup(name="resume_unsent_mail")
    def resume_unsent_mail():
        # what a killed consumer left unsent (its queued tasks may be gone with it)
        enqueue_unsent()

    return SimpleNamespace(send_mail=send_mail, send_unsent_mail=send_unsent_mail,
                           daily_reminders=daily_reminders, produce_reminders_for=produce_reminders_for,
                           export_contracts=export_contracts, remove_expired_exports=remove_expired_exports,
                           refresh_indicator_summary=refresh_indicator_summary)
