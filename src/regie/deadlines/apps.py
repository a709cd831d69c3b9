from django.apps import AppConfig
from django.utils.translation import gettext_noop


class DeadlinesConfig(AppConfig):
    name = "regie.deadlines"
    label = "deadlines"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from regie.cases.registry import register_held_data

        from .models import HELD_DATA, DeadlineRule
        from .selectors import rules_cache_clear

        # A rule saved or deleted (the admin, the seed) empties the process's cache of the rule table.
        post_save.connect(rules_cache_clear, sender=DeadlineRule, dispatch_uid="deadline_rules_cache")
        post_delete.connect(rules_cache_clear, sender=DeadlineRule, dispatch_uid="deadline_rules_cache_delete")
        from .registry import Task, register_tasks

        register_held_data(*HELD_DATA)
        # A recorded action moves the due-speed signal of a detention, whichever service recorded it.
        from regie.audit.services import after_case_actions

        from .services import deadlines_follow_actions

        after_case_actions(deadlines_follow_actions)
        # The case's own terms: whether the person left, or reception ended, is learnt outside Regie.
        register_tasks(
            {
                "departure_term": Task(gettext_noop("Nagaan of de vreemdeling is vertrokken"), done_outside=True),
                "reception_end": Task(gettext_noop("Einde opvang afstemmen met het COA"), done_outside=True),
            }
        )
