from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    label = "meetings"
    verbose_name = _("Bilateral meetings")
    portal_nav = (
        ("meetings:requests", _("Bilateral requests"), "delegation"),
        ("meetings:schedule", _("My meetings"), "delegation"),
    )

    def ready(self) -> None:
        from apps.core.home import register_home_section
        from apps.meetings.home import meetings_home_section

        register_home_section(meetings_home_section, order=20)
        from apps.agenda.calendar import register_feed_source
        from apps.agenda.timeline import register_timeline_source
        from apps.core.dashboard import register_section as register_dashboard_section
        from apps.core.editions import register_carry_over
        from apps.core.health import register_section
        from apps.meetings.dashboard import meetings_section
        from apps.meetings.integrations import meeting_feed_events, meeting_timeline_items
        from apps.meetings.selectors import scheduler_runs_health, scheduler_runs_problems
        from apps.meetings.services.editions import carry_meeting_rules

        register_carry_over("meetings", carry_meeting_rules)
        register_timeline_source(meeting_timeline_items)
        register_feed_source(meeting_feed_events)
        register_section(
            "scheduler", figures=scheduler_runs_health, problems=scheduler_runs_problems
        )
        register_dashboard_section(meetings_section, order=20)
