"""Each user's profile: the time zone their study day is counted in."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

# In the tz database's folder but not a place: the server's own zone and the database's placeholder ("-00").
NOT_A_PLACE = frozenset({"localtime", "Factory"})


def time_zones() -> list[str]:
    """The zones a person may choose, by name."""
    return sorted(zoneinfo.available_timezones() - NOT_A_PLACE)


def validate_time_zone(value: str) -> None:
    if value in NOT_A_PLACE or value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (for example Europe/Berlin).")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)
