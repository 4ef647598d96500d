"""GOV.UK Frontend components as Django template tags.

Each tag reproduces the HTML of the govuk-frontend Nunjucks macro of the same name
(``govukInput``, ``govukTextarea``, ``govukSelect``, ``govukCheckboxes``, ``govukRadios``,
``govukFileUpload``, ``govukErrorSummary``, ``govukTag``), so forms get labels, hints,
error messages linked by ``aria-describedby``, and an error summary that links to them.
"""

from __future__ import annotations

from django import forms, template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from saferplaces.document.formatting import fmt
from saferplaces.document.palette import CATEGORIES

register = template.Library()


def _label(field, classes: str = "", is_legend: bool = False) -> SafeString:
    text = field.label
    plain = field.field.widget.attrs.get("data-plain")
    if (
        not field.field.required
        and not plain
        and not isinstance(field.field.widget, forms.CheckboxInput)
    ):
        text = f"{text} (optional)"
    if is_legend:
        return format_html(
            '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>', text
        )
    return format_html(
        '<label class="govuk-label{}" for="{}">{}</label>',
        f" {classes}" if classes else "",
        field.id_for_label,
        text,
    )


def _hint_and_error(field) -> tuple[SafeString, list[str]]:
    parts: list[SafeString] = []
    described: list[str] = []
    fid = field.auto_id
    if field.help_text:
        parts.append(
            format_html('<div id="{}-hint" class="govuk-hint">{}</div>', fid, field.help_text)
        )
        described.append(f"{fid}-hint")
    if field.errors:
        parts.append(
            format_html(
                '<p id="{}-error" class="govuk-error-message">'
                '<span class="govuk-visually-hidden">Error:</span> {}</p>',
                fid,
                " ".join(field.errors),
            )
        )
        described.append(f"{fid}-error")
    return mark_safe("".join(parts)), described


def _attrs(attrs: dict[str, object]) -> SafeString:
    return format_html_join(
        "",
        ' {}="{}"',
        ((k, v) for k, v in attrs.items() if v is not None and v is not False),
    )


@register.simple_tag
def govuk_field(field, classes: str = "", label_classes: str = "") -> SafeString:
    """One form field as the matching GOV.UK component."""
    widget = field.field.widget
    error = bool(field.errors)
    hint_error, described = _hint_and_error(field)
    aria = " ".join(described) or None
    group = "govuk-form-group" + (" govuk-form-group--error" if error else "")
    value = field.value()

    if isinstance(widget, forms.CheckboxInput):
        checked = bool(value)
        return format_html(
            '<div class="{}"><div class="govuk-checkboxes govuk-checkboxes--small" '
            'data-module="govuk-checkboxes">{}<div class="govuk-checkboxes__item">'
            '<input class="govuk-checkboxes__input" id="{}" name="{}" type="checkbox" '
            'value="on"{}{}><label class="govuk-label govuk-checkboxes__label" for="{}">{}'
            "</label></div></div></div>",
            group,
            hint_error,
            field.auto_id,
            field.html_name,
            mark_safe(" checked") if checked else "",
            _attrs({"aria-describedby": aria}),
            field.auto_id,
            field.label,
        )

    if isinstance(widget, forms.CheckboxSelectMultiple):
        chosen = {str(v) for v in (value or [])}
        items = []
        for i, (val, text) in enumerate(field.field.choices):
            cid = field.auto_id if i == 0 else f"{field.auto_id}-{i}"
            items.append(
                format_html(
                    '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
                    'id="{}" name="{}" type="checkbox" value="{}"{}><label class="govuk-label '
                    'govuk-checkboxes__label" for="{}">{}</label></div>',
                    cid,
                    field.html_name,
                    val,
                    mark_safe(" checked") if str(val) in chosen else "",
                    cid,
                    text,
                )
            )
        return format_html(
            '<div class="{}"><fieldset class="govuk-fieldset"{}>{}{}'
            '<div class="govuk-checkboxes govuk-checkboxes--small {}" '
            'data-module="govuk-checkboxes">{}</div></fieldset></div>',
            group,
            _attrs({"aria-describedby": aria}),
            _label(field, is_legend=True),
            hint_error,
            classes,
            mark_safe("".join(items)),
        )

    if isinstance(widget, forms.RadioSelect):
        items = []
        for i, (val, text) in enumerate(field.field.choices):
            rid = field.auto_id if i == 0 else f"{field.auto_id}-{i}"
            items.append(
                format_html(
                    '<div class="govuk-radios__item"><input class="govuk-radios__input" '
                    'id="{}" name="{}" type="radio" value="{}"{}><label class="govuk-label '
                    'govuk-radios__label" for="{}">{}</label></div>',
                    rid,
                    field.html_name,
                    val,
                    mark_safe(" checked") if str(val) == str(value) else "",
                    rid,
                    text,
                )
            )
        return format_html(
            '<div class="{}"><fieldset class="govuk-fieldset"{}>{}{}'
            '<div class="govuk-radios {}" data-module="govuk-radios">{}</div></fieldset></div>',
            group,
            _attrs({"aria-describedby": aria}),
            _label(field, is_legend=True),
            hint_error,
            classes,
            mark_safe("".join(items)),
        )

    if isinstance(widget, forms.Select):
        options = []
        for val, text in field.field.choices:
            val = "" if val is None else getattr(val, "value", val)
            options.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    val,
                    mark_safe(" selected") if str(val) == str(value or "") else "",
                    text,
                )
            )
        return format_html(
            '<div class="{}">{}{}<select class="govuk-select{}{}" id="{}" name="{}"{}>{}'
            "</select></div>",
            group,
            _label(field, label_classes),
            hint_error,
            " govuk-select--error" if error else "",
            f" {classes}" if classes else "",
            field.auto_id,
            field.html_name,
            _attrs({"aria-describedby": aria}),
            mark_safe("".join(options)),
        )

    if isinstance(widget, forms.Textarea):
        return format_html(
            '<div class="{}">{}{}<textarea class="govuk-textarea{}{}" id="{}" name="{}" '
            'rows="{}"{}>{}</textarea></div>',
            group,
            _label(field, label_classes),
            hint_error,
            " govuk-textarea--error" if error else "",
            f" {classes}" if classes else "",
            field.auto_id,
            field.html_name,
            widget.attrs.get("rows", 5),
            _attrs({"aria-describedby": aria}),
            "" if value is None else value,
        )

    if isinstance(widget, forms.FileInput):
        return format_html(
            '<div class="{}">{}{}<input class="govuk-file-upload{}" id="{}" name="{}" '
            'type="file"{}></div>',
            group,
            _label(field, label_classes),
            hint_error,
            " govuk-file-upload--error" if error else "",
            field.auto_id,
            field.html_name,
            _attrs({"aria-describedby": aria}),
        )

    input_type = getattr(widget, "input_type", "text")
    if isinstance(value, list | tuple):
        value = ",".join(map(str, value))
    if input_type == "date" and value is not None and hasattr(value, "isoformat"):
        value = value.isoformat()
    if input_type == "time" and value is not None and hasattr(value, "strftime"):
        value = value.strftime("%H:%M")
    if input_type == "datetime-local" and value is not None and hasattr(value, "strftime"):
        value = value.strftime("%Y-%m-%dT%H:%M")
    width = {
        "date": " govuk-input--width-10",
        "datetime-local": " govuk-input--width-20",
        "time": " govuk-input--width-5",
        "number": " govuk-input--width-5",
    }.get(input_type, "")
    extra = {
        "aria-describedby": aria,
        "autocomplete": widget.attrs.get("autocomplete"),
        "spellcheck": "false" if input_type in ("email", "password") else None,
        "inputmode": widget.attrs.get("inputmode"),
        "step": widget.attrs.get("step"),
    }
    return format_html(
        '<div class="{}">{}{}<input class="govuk-input{}{}{}" id="{}" name="{}" type="{}"{}{}>'
        "</div>",
        group,
        _label(field, label_classes),
        hint_error,
        " govuk-input--error" if error else "",
        width,
        f" {classes}" if classes else "",
        field.auto_id,
        field.html_name,
        input_type,
        format_html(' value="{}"', value)
        if value not in (None, "") and input_type != "password"
        else "",
        _attrs(extra),
    )


@register.simple_tag
def govuk_fields(form) -> SafeString:
    """Every visible field of ``form``, in order, plus its hidden fields."""
    out = [str(h) for h in form.hidden_fields()]
    out += [govuk_field(f) for f in form.visible_fields()]
    return mark_safe("".join(out))


@register.simple_tag
def govuk_error_summary(*forms_) -> SafeString:
    """The error summary for one or more forms; empty when there are no errors."""
    items = []
    for form in forms_:
        if form is None or not getattr(form, "errors", None):
            continue
        for err in form.non_field_errors():
            items.append(format_html("<li>{}</li>", err))
        for field in form:
            for err in field.errors:
                items.append(format_html('<li><a href="#{}">{}</a></li>', field.auto_id, err))
    if not items:
        return mark_safe("")
    return format_html(
        '<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">'
        '<h2 class="govuk-error-summary__title">There is a problem</h2>'
        '<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">'
        "{}</ul></div></div></div>",
        mark_safe("".join(items)),
    )


def _tag(tags: dict[str, tuple[str, str]], key: str | None) -> SafeString:
    """A GOV.UK tag from a table of {key: (class, word)}; "" is the fallback."""
    cls, text = tags.get(key or "", tags[""])
    return format_html('<strong class="govuk-tag {}">{}</strong>', cls, text)


RAG_CLASSES = {
    "red": ("govuk-tag--red", "Red"),
    "amber": ("govuk-tag--orange", "Amber"),
    "green": ("govuk-tag--green", "Green"),
    "complete": ("govuk-tag--blue", "Complete"),
    "": ("govuk-tag--grey", "Not yet rated"),
}


@register.simple_tag
def rag_tag(status: str | None) -> SafeString:
    """A RAG status as a GOV.UK tag: the word is always shown, never colour alone."""
    return _tag(RAG_CLASSES, status)


STATUS_TAGS = {
    "open": "govuk-tag--yellow",
    "in_progress": "govuk-tag--light-blue",
    "closed": "govuk-tag--grey",
    "draft": "govuk-tag--yellow",
    "agreed": "govuk-tag--green",
    "planned": "govuk-tag--light-blue",
    "held": "govuk-tag--grey",
    "cancelled": "govuk-tag--red",
}


@register.simple_tag
def status_tag(value: str, label: str | None = None) -> SafeString:
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATUS_TAGS.get(value, "govuk-tag--grey"),
        label or value.replace("_", " ").capitalize(),
    )


# Numbers as every document shows them: the filters adapt saferplaces.document.formatting.
@register.filter
def num(value) -> str:
    """A count with thousands separators; a dash for nothing."""
    return fmt(None if value == "" else value, "int")


@register.filter
def rate(value) -> str:
    return fmt(value, "rate")


@register.filter
def pct(value) -> str:
    return fmt(value, "pct")


@register.filter
def share(value) -> str:
    return fmt(value, "share")


@register.filter
def signed(value) -> str:
    return fmt(value, "signed")


@register.filter
def pvalue(value) -> str:
    return fmt(value, "p")


@register.filter
def money(value) -> str:
    """Pounds and pence: ``£1,500.00``; a dash for nothing."""
    return fmt(None if value == "" else value, "money")


@register.filter
def linebreaks_govuk(text: str) -> SafeString:
    """Paragraphs of plain text as GOV.UK body paragraphs."""
    paras = [p.strip() for p in (text or "").split("\n\n") if p.strip()]
    return mark_safe(
        "".join(f'<p class="govuk-body">{escape(p).replace(chr(10), "<br>")}</p>' for p in paras)
    )


# One colour per place-flag category, on the web as in print (document/palette.py).
CATEGORY_TAGS = {(k or ""): (c.tag, c.label) for k, c in CATEGORIES.items()}


@register.simple_tag
def category_tag(category: str | None) -> SafeString:
    """A place flags category as a GOV.UK tag (the word always shown)."""
    return _tag(CATEGORY_TAGS, category)


@register.filter
def person(user) -> str:
    """A person as readers know them: the full name, else the username ("" for none).
    A username alone (as a record kept outside the database stores it) is looked up."""
    from django.contrib.auth import get_user_model

    from saferplaces.web.core.audit_sentences import person as name_of

    if not user:
        return ""
    if isinstance(user, str):
        found = get_user_model().objects.filter(username=user).first()
        return name_of(found) if found is not None else user
    return name_of(user)
