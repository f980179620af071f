"""Who reads what. Officials (members of the officials group, and staff) read the officials'
pages; everyone else only published periods (the querysets' `visible_to`). An official reads
the organisations he is a member of and every organisation below them (the city's office
follows its counties); staff read every organisation."""

from django.conf import settings


def is_official(user) -> bool:
    """Asked by the access check and again by every `visible_to` of the request: the answer is
    kept on the user object (as Django keeps permissions), so it costs one query a request."""
    if not hasattr(user, "_is_official"):
        user._is_official = user.is_active and (
            user.is_staff or user.groups.filter(name=settings.OFFICIALS_GROUP).exists()
        )
    return user._is_official


def scope_of(user) -> frozenset[int] | None:
    """The ids of the organisations whose unpublished data the user may read; None for all
    (staff, and for everyone else's published data, which any organisation's public reads).
    Kept on the user object: one query a request."""
    if not user.is_authenticated or user.is_staff or not is_official(user):
        return None
    if not hasattr(user, "_organisation_scope"):
        user._organisation_scope = _with_descendants(user)
    return user._organisation_scope


def _with_descendants(user) -> frozenset[int]:
    from django.db.models import Exists, OuterRef

    from targets.models import Organisation  # the models import this module

    membership = Organisation.members.through.objects.filter(organisation=OuterRef("pk"), user=user.pk)
    rows = Organisation.objects.annotate(member=Exists(membership)).values_list("pk", "parent_id", "member")
    children: dict[int | None, set[int]] = {}
    frontier = []
    for pk, parent, member in rows:
        children.setdefault(parent, set()).add(pk)
        if member:
            frontier.append(pk)
    scope: set[int] = set()
    while frontier:
        pk = frontier.pop()
        if pk not in scope:
            scope.add(pk)
            frontier.extend(children.get(pk, ()))
    return frozenset(scope)
