from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def heat(value) -> str:
    """A class for the coverage heat table: none, few, some, many agenda items."""
    if not isinstance(value, int):
        return ""
    if value == 0:
        return "heat-0"
    return "heat-1" if value < 3 else ("heat-2" if value < 8 else "heat-3")
