from django import template

from uploads.access import is_importer as user_is_importer

register = template.Library()


@register.filter
def is_importer(user) -> bool:
    return user.is_authenticated and user_is_importer(user)
