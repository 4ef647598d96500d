"""What every governance record shares: who made and changed it and when, archive with a
reason instead of delete, and the append-only audit log.

Views save records through :meth:`Tracked.save_by` and :meth:`Tracked.archive`, which
write the audit event in the same transaction as the change.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from saferplaces.core.errors import SaferplacesError
from saferplaces.web.core import DEMO_PASSWORD


class ArchiveInstead(SaferplacesError):
    """Governance records are archived with a reason, never deleted."""


class AppendOnly(SaferplacesError):
    """Audit events and RAG history are never changed or removed."""


class TooLong(SaferplacesError):
    """A value longer than its field holds: refused the same way on every database
    (PostgreSQL would refuse it, SQLite would keep it)."""


def check_lengths(record: models.Model) -> None:
    """Raise :class:`TooLong` naming the first text field over its ``max_length``."""
    for f in record._meta.concrete_fields:
        limit = getattr(f, "max_length", None)
        value = getattr(record, f.attname, None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise TooLong(
                f"{record._meta.verbose_name} {f.verbose_name}: {len(value)} characters, "
                f"at most {limit}"
            )


class TrackedQuerySet(models.QuerySet):
    def live(self) -> TrackedQuerySet:
        """Records that are not archived."""
        return self.filter(archived_on__isnull=True)

    def in_office(self, on) -> TrackedQuerySet:
        """Records whose term (``term_start``..``term_end``, either open) includes ``on``."""
        return self.filter(
            models.Q(term_start__isnull=True) | models.Q(term_start__lte=on),
            models.Q(term_end__isnull=True) | models.Q(term_end__gte=on),
        )

    def delete(self) -> Any:
        raise ArchiveInstead("records are archived with a reason, not deleted")


# Field names the audit log does not repeat in its list of changes.
_BOOKKEEPING = {"created_on", "created_by", "modified_on", "modified_by"}


class Tracked(models.Model):
    """Abstract base: created/modified by and on; archived with a reason."""

    created_on = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    modified_on = models.DateTimeField(default=timezone.now, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    archived_on = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    archive_reason = models.TextField(blank=True, editable=False)

    objects = TrackedQuerySet.as_manager()

    # Set True on models whose individual records may be restricted (see is_restricted).
    audit_label = ""

    class Meta:
        abstract = True

    # -- what the audit log needs to know -------------------------------------------
    def audit_partnership(self):
        """The partnership this record belongs to (for filtering the audit log)."""
        return getattr(self, "partnership", None)

    def is_restricted(self) -> bool:
        return bool(getattr(self, "restricted", False))

    # -- saving -------------------------------------------------------------------------
    def _field_values(self) -> dict[str, Any]:
        out = {}
        for f in self._meta.concrete_fields:
            if f.primary_key or f.name in _BOOKKEEPING:
                continue
            v = getattr(self, f.attname)
            out[f.name] = v if isinstance(v, str | int | float | bool | type(None)) else str(v)
        return out

    def save_by(self, user, *, reason: str = "") -> None:
        """Save, stamping who and when, and write a create or change event to the audit log."""
        check_lengths(self)
        now = timezone.now()
        user = user if getattr(user, "is_authenticated", False) else None
        with transaction.atomic():
            if self.pk is None:
                self.created_on = now
                self.created_by = user
                self.modified_on = now
                self.modified_by = user
                self.save()
                AuditEvent.record(user, "create", self, changes=self._field_values(), reason=reason)
                return
            before = type(self).objects.get(pk=self.pk)._field_values()
            after = self._field_values()
            changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
            self.modified_on = now
            self.modified_by = user
            self.save()
            if changes:
                AuditEvent.record(user, "change", self, changes=changes, reason=reason)

    def archive(self, user, reason: str) -> None:
        """Take the record out of use, keeping it and saying why."""
        if not reason.strip():
            raise ArchiveInstead("say why the record is being archived")
        user = user if getattr(user, "is_authenticated", False) else None
        with transaction.atomic():
            self.archived_on = timezone.now()
            self.archived_by = user
            self.archive_reason = reason.strip()
            self.save()
            AuditEvent.record(user, "archive", self, reason=reason.strip())

    def delete(self, *args, **kwargs):
        raise ArchiveInstead(f"{self._meta.verbose_name} records are archived, not deleted")

    @property
    def is_archived(self) -> bool:
        return self.archived_on is not None


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("the audit log is append-only")

    def delete(self):
        raise AppendOnly("the audit log is append-only")


class AuditEvent(models.Model):
    """One create, change, archive, or view of a restricted record. Never changed.

    The database refuses updates and deletes too (triggers in migration 0002).
    """

    ACTIONS = [
        ("create", "Created"),
        ("change", "Changed"),
        ("archive", "Archived"),
        ("view", "Viewed (restricted)"),
        ("download", "Downloaded (restricted)"),
        ("sign_in", "Signed in"),
        ("sign_out", "Signed out"),
        ("sign_fail", "Sign-in failed"),
        ("locked", "Sign-in refused (too many failures)"),
    ]
    # Reads of restricted records: logged with the response that shows them.
    READS = frozenset({"view", "download"})
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(max_length=150, blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=10, choices=ACTIONS)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=300)
    restricted = models.BooleanField(default=False)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or 'system'} {self.action} {self.model}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("the audit log is append-only")

    @classmethod
    def record(
        cls,
        user,
        action: str,
        obj: models.Model,
        *,
        changes: dict | None = None,
        reason: str = "",
    ) -> AuditEvent:
        partnership = obj.audit_partnership() if hasattr(obj, "audit_partnership") else None
        restricted = obj.is_restricted() if hasattr(obj, "is_restricted") else False
        return cls._keep(
            user,
            action,
            partnership=partnership,
            model=obj._meta.label,
            object_id=str(obj.pk),
            object_repr=str(obj),
            restricted=restricted,
            changes=changes,
            reason=reason,
        )

    @classmethod
    def record_external(
        cls,
        user,
        action: str,
        *,
        partnership,
        model: str,
        object_id: str,
        object_repr: str,
        restricted: bool = False,
        changes: dict | None = None,
        reason: str = "",
    ) -> AuditEvent:
        """An event about a record kept outside this database: a place flags run or a
        category decision in the warehouse, or a generated document on disk."""
        return cls._keep(
            user,
            action,
            partnership=partnership,
            model=model,
            object_id=str(object_id),
            object_repr=object_repr,
            restricted=restricted,
            changes=changes,
            reason=reason,
        )

    @classmethod
    def _keep(
        cls,
        user,
        action: str,
        *,
        partnership,
        model: str,
        object_id: str,
        object_repr: str,
        restricted: bool,
        changes: dict | None,
        reason: str,
    ) -> AuditEvent:
        """Write the event now, or, for a read during a web request, with the request's
        response (see :mod:`saferplaces.web.core.request_audit`): a read is logged only
        when what was read is served, and never served unless it is logged."""
        from saferplaces.web.core import request_audit

        user = user if getattr(user, "is_authenticated", False) else None
        event = cls(
            user=user,
            username=user.get_username() if user else "",
            partnership=partnership,
            action=action,
            model=model,
            object_id=object_id[:40],
            object_repr=object_repr[:300],
            restricted=restricted,
            changes=changes or {},
            reason=reason,
        )
        if action in cls.READS and request_audit.defer(event):
            return event
        event.save()
        return event


class DemoAccount(models.Model):
    """A sign-in made by ``saferplaces admin seed-demo``: the only accounts it may change
    (it resets their password), never anyone else's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demo_account"
    )
    made_on = models.DateTimeField(default=timezone.now)
    # The password hash seed-demo set: while the account still has it, its password is
    # the demo's published one (known without hashing at every `serve`).
    seeded_password = models.CharField(max_length=128, blank=True, editable=False)

    def has_demo_password(self) -> bool:
        if self.seeded_password:
            return self.user.password == self.seeded_password
        return self.user.check_password(DEMO_PASSWORD)

    def __str__(self) -> str:
        return f"Demo login {self.user.get_username()}"
