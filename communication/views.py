"""Pages of announcements, discussions and notifications (§12). Thin: parse, call a service or a
selector, render. Who may do what comes from communication/permissions.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mecanismo.core.pagination import paginate
from mecanismo.documents.stored import open_stored
from mesas.models import Body

from . import forms, permissions, selectors, services
from .models import Announcement, Category, Notification, Post, Thread
from .permissions import PostAction, ThreadAction

PER_PAGE = 20


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _body(slug: str) -> Body:
    return get_object_or_404(Body.objects.select_related("mesa"), slug=slug)


# --- announcements ---------------------------------------------------------------------------


@login_required
def announcement_list(request, slug: str):
    body = _body(slug)
    if not permissions.is_body_member(request.user, body):
        raise PermissionDenied
    page = paginate(request, selectors.body_announcements(body), per_page=PER_PAGE)
    return render(
        request,
        "communication/announcement_list.html",
        {"body": body, "page": page, "can_announce": permissions.can_announce(request.user, body)},
    )


@login_required
def announcement_create(request, slug: str):
    body = _body(slug)
    if not permissions.can_announce(request.user, body):
        raise PermissionDenied
    allow_wide = permissions.can_announce_mechanism_wide(request.user, body)
    form = forms.AnnouncementForm(
        request.POST or None, request.FILES or None, allow_wide=allow_wide
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                announcement = services.announcement_publish(
                    actor=request.user,
                    body=body,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    mechanism_wide=form.cleaned_data.get("mechanism_wide", False),
                    attachment=form.cleaned_data["attachment"],
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("The announcement was published."))
                return redirect(announcement)
        status = 400
    return render(
        request, "communication/announcement_form.html", {"body": body, "form": form}, status=status
    )


@login_required
def announcement_detail(request, pk: int):
    announcement = get_object_or_404(Announcement.objects.select_related("body", "author"), pk=pk)
    if not permissions.can_read_announcement(request.user, announcement):
        raise PermissionDenied
    return render(request, "communication/announcement_detail.html", {"announcement": announcement})


@login_required
def announcement_attachment(request, pk: int):
    announcement = get_object_or_404(Announcement.objects.select_related("body"), pk=pk)
    if not permissions.can_read_announcement(request.user, announcement):
        raise PermissionDenied
    if not announcement.attachment:
        raise Http404
    return FileResponse(
        open_stored(announcement.attachment),
        as_attachment=True,
        filename=announcement.attachment_name or f"attachment.{announcement.attachment_kind}",
    )


# --- discussions -----------------------------------------------------------------------------


def thread_list(request, slug: str):
    body = _body(slug)
    if not permissions.has_discussions(body):
        raise Http404
    member = permissions.is_body_member(request.user, body)
    moderator = permissions.can_moderate(request.user, body)
    threads = selectors.body_threads(request.user, body, member=member, moderator=moderator)
    return render(
        request,
        "communication/thread_list.html",
        {
            "body": body,
            "page": paginate(request, threads, per_page=PER_PAGE),
            "can_start": permissions.can_start_thread(request.user, body),
            "moderator": moderator,
        },
    )


@login_required
def thread_create(request, slug: str):
    body = _body(slug)
    if not permissions.has_discussions(body):
        raise Http404
    if not permissions.can_start_thread(request.user, body):
        raise PermissionDenied
    form = forms.ThreadForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                thread = services.thread_start(actor=request.user, body=body, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("The thread was started."))
                return redirect(thread)
        status = 400
    return render(
        request, "communication/thread_form.html", {"body": body, "form": form}, status=status
    )


def thread_detail(request, pk: int):
    """A thread with its posts, paginated; posts since the reader's last visit are marked."""
    try:
        thread = selectors.thread_with_body(pk)
    except Thread.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.can_read_thread(request.user, thread):
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        raise PermissionDenied
    moderator = permissions.can_moderate(request.user, thread.body)
    page = paginate(request, selectors.thread_posts(thread), per_page=PER_PAGE)
    opening = page.items[0] if page.number == 1 and page.items else None
    if opening is None or not opening.is_opening:
        opening = selectors.opening_post(thread)
    if opening is not None and opening.is_hidden and not moderator:
        if not permissions.can_see_hidden_text(request.user, opening, moderator=False):
            raise Http404
    form = forms.PostForm()
    status = 200
    if request.method == "POST":
        form = forms.PostForm(request.POST)
        if not request.user.is_authenticated:
            raise PermissionDenied
        if form.is_valid():
            try:
                post = services.post_reply(
                    actor=request.user, thread=thread, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("Your reply was posted."))
                return redirect(post.get_absolute_url())
        status = 400
    last_seen = selectors.last_visit(request.user, thread)
    now = timezone.now()
    for post in page.items:
        post.thread = thread  # the rules read post.thread.body: no query per post
    rows = [
        {
            "post": post,
            "is_new": bool(last_seen and post.created_at > last_seen),
            "actions": permissions.post_actions(request.user, post, moderator=moderator, now=now),
            "show_text": not post.is_hidden
            or permissions.can_see_hidden_text(request.user, post, moderator=moderator),
        }
        for post in page.items
    ]
    services.thread_visit(user=request.user, thread=thread)
    return render(
        request,
        "communication/thread_detail.html",
        {
            "thread": thread,
            "page": page,
            "rows": rows,
            "form": form,
            "actions": permissions.thread_actions(request.user, thread, opening),
            "ThreadAction": ThreadAction,
            "PostAction": PostAction,
            "moderator": moderator,
        },
        status=status,
    )


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


@login_required
@require_POST
def thread_lock(request, pk: int):
    thread = get_object_or_404(Thread.objects.select_related("body"), pk=pk)
    locked = request.POST.get("action") == ThreadAction.LOCK
    try:
        services.thread_lock(actor=request.user, thread=thread, locked=locked)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("The thread was closed.") if locked else _("The thread was reopened.")
        )
    return redirect(thread)


def _post(pk: int) -> Post:
    return get_object_or_404(Post.objects.select_related("thread", "thread__body", "author"), pk=pk)


@login_required
def post_edit(request, pk: int):
    post = _post(pk)
    if PostAction.EDIT not in permissions.post_actions(request.user, post, moderator=False):
        raise PermissionDenied
    form = forms.EditForm(request.POST or None, initial={"text": post.text})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_edit(actor=request.user, post=post, text=form.cleaned_data["text"])
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("Your post was changed."))
                return redirect(post.get_absolute_url())
        status = 400
    return render(
        request, "communication/post_edit.html", {"post": post, "form": form}, status=status
    )


def post_history(request, pk: int):
    post = _post(pk)
    if not permissions.can_read_thread(request.user, post.thread):
        raise PermissionDenied
    moderator = permissions.can_moderate(request.user, post.thread.body)
    if post.is_hidden and not permissions.can_see_hidden_text(
        request.user, post, moderator=moderator
    ):
        raise PermissionDenied
    page = paginate(request, selectors.post_revisions(post), per_page=PER_PAGE)
    return render(request, "communication/post_history.html", {"post": post, "page": page})


@login_required
def post_report(request, pk: int):
    post = _post(pk)
    if PostAction.REPORT not in permissions.post_actions(request.user, post, moderator=False):
        raise PermissionDenied
    form = forms.ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_report(
                    actor=request.user, post=post, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("Thank you. The coordinators will look at it."))
                return redirect(post.get_absolute_url())
        status = 400
    return render(
        request,
        "communication/post_reason.html",
        {"post": post, "form": form, "heading": _("Report a post"), "button": _("Report")},
        status=status,
    )


@login_required
def post_moderate(request, pk: int):
    """Hide or restore a post (the body's coordinators), always with a reason."""
    post = _post(pk)
    actions = permissions.post_actions(request.user, post)
    if not actions & {PostAction.HIDE, PostAction.RESTORE}:
        raise PermissionDenied
    hide = PostAction.HIDE in actions
    form = forms.ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            service = services.post_hide if hide else services.post_restore
            try:
                service(actor=request.user, post=post, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(
                    request, _("The post was hidden.") if hide else _("The post was restored.")
                )
                return redirect(post.get_absolute_url())
        status = 400
    return render(
        request,
        "communication/post_reason.html",
        {
            "post": post,
            "form": form,
            "heading": _("Hide a post") if hide else _("Restore a post"),
            "button": _("Hide") if hide else _("Restore"),
        },
        status=status,
    )


@login_required
def moderation_queue(request, slug: str):
    body = _body(slug)
    if not permissions.has_discussions(body):
        raise Http404
    if not permissions.can_moderate(request.user, body):
        raise PermissionDenied
    page = paginate(request, selectors.open_reports(body), per_page=PER_PAGE)
    return render(request, "communication/moderation.html", {"body": body, "page": page})


def search(request):
    form = forms.SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        page = paginate(
            request, selectors.search_posts(request.user, form.cleaned_data["q"]), PER_PAGE
        )
    return render(request, "communication/search.html", {"form": form, "page": page})


def code_of_conduct(request):
    return render(
        request, "communication/code_of_conduct.html", {"code": selectors.code_of_conduct()}
    )


# --- notifications ---------------------------------------------------------------------------


@login_required
def notifications(request):
    page = paginate(request, selectors.notifications_for(request.user), per_page=PER_PAGE)
    return render(request, "communication/notifications.html", {"page": page})


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(
        Notification.objects.select_related("announcement", "thread", "post"),
        pk=pk,
        user=request.user,
    )
    return redirect(services.notification_open(user=request.user, notification=notification))


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("communication:notifications")


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a session; the token is the proof
def unsubscribe(request, token: str):
    """Stop one category (or all) of announcement and discussion mail, without logging in.
    GET shows what the link does; POST does it (link scanners only GET)."""
    try:
        user, category = services.unsubscribe_read(token)
    except ValidationError as exc:
        return render(
            request, "communication/unsubscribe.html", {"error": _errors(exc)}, status=400
        )
    label = (
        Category(category).label
        if category in Category.values
        else _("all announcement and discussion e-mails")
    )
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    return render(
        request,
        "communication/unsubscribe.html",
        {"label": label, "done": done},
    )
