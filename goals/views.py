"""The goals pages of a relationship's workspace: the list, one goal with its action plan,
status and progress, and the forms that change them.

Every view starts from the signed-in person's membership (``MemberMixin``, the access
root) and looks the goal, step or update up inside it: a foreign, hidden or missing id
answers 404. A member who reads a goal but may not change it (the mentor, for a mentee's
goal) is told so with a 403 page; once the relationship has ended, every change is refused
with a message and the pages stay readable.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from relationships.services import editable_check
from relationships.views import MemberMixin

from . import selectors, services
from .forms import CommentForm, GoalForm, ProgressUpdateForm, StatusForm, StepForm
from .models import Goal


class GoalMixin(MemberMixin):
    """The member, and the goal in the URL among those the member reads (or 404)."""

    @cached_property
    def goal(self) -> Goal:
        return selectors.get_goal_for_member(self.member, self.kwargs["goal"])

    def look_up(self) -> None:
        """What the URL names, in order: 404 for the first thing that is not theirs."""
        self.member  # noqa: B018
        if "goal" in self.kwargs:
            self.goal  # noqa: B018

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.look_up()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "goal" in self.kwargs:
            context["goal"] = self.goal
        context["holds_goals"] = selectors.holds_goals(self.member)
        return context

    def goal_url(self, goal: Goal | None = None, anchor: str = "") -> str:
        goal = goal or self.goal
        url = reverse("goals:detail", kwargs={"pk": self.member.match_id, "goal": goal.pk})
        return f"{url}#{anchor}" if anchor else url

    def list_url(self) -> str:
        return reverse("goals:list", kwargs={"pk": self.member.match_id})


class ChangeMixin(GoalMixin):
    """A page or action that changes goals. ``check()`` raises the rule that refuses this
    member (not the author, not a goal holder); an ended relationship refuses everyone."""

    def check(self) -> None:
        services.author_check(self.member, self.goal)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)  # to the sign-in page
        self.look_up()
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        try:
            editable_check(self.member)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(self.goal_url() if "goal" in kwargs else self.list_url())
        try:
            self.check()
        except ValidationError as error:
            return refused(request, self.member, error)
        return super().dispatch(request, *args, **kwargs)

    def form_refused(self, form, error: ValidationError):
        form.add_error(None, error)
        return self.form_invalid(form)


def refused(request, member, error: ValidationError) -> TemplateResponse:
    """The page that says why this member may not do this here, and the way back."""
    match = member.match
    context = {
        "member": member,
        "match": match,
        "programme": match.programme,
        "editable": member.current and match.is_current,
        "reason": error.messages[0],
    }
    return TemplateResponse(request, "goals/refused.html", context, status=403)


# --- Reading --------------------------------------------------------------------------------
class GoalListView(GoalMixin, TemplateView):
    template_name = "goals/goal_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goals = selectors.goal_list(self.member)
        context["groups"] = selectors.grouped(self.member, goals)
        context["counts"] = selectors.counts_by_status(goals)
        return context


def detail_context(member, goal: Goal, editable: bool, **bound) -> dict:
    """The goal's page, with its forms: those the member may use, unbound unless a failed
    post hands its own (``status_form``, ``update_form``, ``comment_forms``)."""
    page = selectors.goal_page(member, goal)
    mine = goal.author_id == member.pk
    can_change = editable and mine
    comment_forms = bound.get("comment_forms", {})
    if editable:
        for update in page.updates:
            update.comment_form = comment_forms.get(update.pk) or CommentForm(
                prefix=f"comment-{update.pk}"
            )
    for step in page.steps:
        step.may_tick = editable and (mine or step.owner_id == member.pk)
    return {
        "page": page,
        "mine": mine,
        "can_change": can_change,
        "status_form": (bound.get("status_form") or StatusForm(goal=goal, prefix="status"))
        if can_change
        else None,
        "update_form": (bound.get("update_form") or ProgressUpdateForm(prefix="update"))
        if can_change
        else None,
        "readers": selectors.readers(goal, page.members),
    }


class GoalDetailView(GoalMixin, TemplateView):
    template_name = "goals/goal_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(detail_context(self.member, self.goal, context["editable"]))
        return context


# --- Goals ----------------------------------------------------------------------------------
class GoalCreateView(ChangeMixin, FormView):
    """A new goal, from scratch or from one of the programme's templates (``?template=``)."""

    template_name = "goals/goal_form.html"
    form_class = GoalForm

    def check(self) -> None:
        services.holder_check(self.member)

    @cached_property
    def template(self):
        pk = self.request.GET.get("template")
        return selectors.get_template_for_member(self.member, pk) if pk else None

    def look_up(self) -> None:
        super().look_up()
        self.template  # noqa: B018 — another programme's template answers 404

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["member"] = self.member
        return kwargs

    def get_initial(self):
        template = self.template
        if template is None:
            return {}
        return {
            "title": template.title,
            "specific": template.specific,
            "measure": template.measure,
            "relevance": template.relevance,
            "steps": "\n".join(template.step_lines()),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template"] = self.template
        context["templates"] = list(selectors.templates_for(self.member.match.programme))
        return context

    def form_valid(self, form):
        try:
            goal = services.goal_create(
                member=self.member,
                template=self.template,
                steps=form.cleaned_data["steps"],
                **form.goal_values(),
            )
        except ValidationError as error:
            return self.form_refused(form, error)
        messages.success(self.request, _("Your goal is set. Next, plan the steps that lead there."))
        return redirect(self.goal_url(goal))


class GoalEditView(ChangeMixin, FormView):
    template_name = "goals/goal_form.html"
    form_class = GoalForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(member=self.member, goal=self.goal)
        return kwargs

    def get_initial(self):
        return {name: getattr(self.goal, name) for name in services.GOAL_FIELDS}

    def form_valid(self, form):
        try:
            services.goal_update(member=self.member, goal=self.goal, **form.goal_values())
        except ValidationError as error:
            return self.form_refused(form, error)
        messages.success(self.request, _("The goal is saved."))
        return redirect(self.goal_url())


class DetailFormView(ChangeMixin, FormView):
    """A form shown on the goal's page and posted here: on a refusal the page comes back
    with the form as it was sent and its errors, so nothing typed is lost."""

    template_name = "goals/goal_detail.html"
    http_method_names = ["post"]
    bound_as = ""

    def bound(self, form) -> dict:
        return {self.bound_as: form}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bound = self.bound(context.pop("form"))
        context.update(detail_context(self.member, self.goal, context["editable"], **bound))
        return context


class StatusChangeView(DetailFormView):
    form_class = StatusForm
    bound_as = "status_form"
    prefix = "status"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "goal": self.goal}

    def form_valid(self, form):
        try:
            services.goal_status_change(member=self.member, goal=self.goal, **form.cleaned_data)
        except ValidationError as error:
            return self.form_refused(form, error)
        if self.goal.is_completed:
            messages.success(self.request, _("Congratulations: you have reached your goal!"))
        else:
            messages.success(self.request, _("The goal's status is saved."))
        return redirect(self.goal_url(anchor="status"))


class ProgressUpdateCreateView(DetailFormView):
    form_class = ProgressUpdateForm
    bound_as = "update_form"
    prefix = "update"

    def form_valid(self, form):
        try:
            services.progress_update_create(member=self.member, goal=self.goal, **form.cleaned_data)
        except ValidationError as error:
            return self.form_refused(form, error)
        messages.success(self.request, _("Your progress update is saved."))
        return redirect(self.goal_url(anchor="progress"))


class CommentCreateView(DetailFormView):
    """Anyone who reads the goal comments on a progress update."""

    form_class = CommentForm

    def check(self) -> None:
        pass  # every reader of the goal may comment

    @cached_property
    def update(self):
        return selectors.get_update(self.goal, self.kwargs["update"])

    def look_up(self) -> None:
        super().look_up()
        self.update  # noqa: B018 — another goal's update answers 404

    def get_prefix(self):
        return f"comment-{self.update.pk}"

    def bound(self, form) -> dict:
        return {"comment_forms": {self.update.pk: form}}

    def form_valid(self, form):
        try:
            services.comment_create(member=self.member, update=self.update, **form.cleaned_data)
        except ValidationError as error:
            return self.form_refused(form, error)
        messages.success(self.request, _("Your comment is saved."))
        return redirect(self.goal_url(anchor=f"update-{self.update.pk}"))


# --- The action plan ------------------------------------------------------------------------
class StepMixin(ChangeMixin):
    @cached_property
    def step(self):
        if "step" not in self.kwargs:
            return None
        step = selectors.get_step(self.goal, self.kwargs["step"])
        step.goal = self.goal
        return step

    def look_up(self) -> None:
        super().look_up()
        self.step  # noqa: B018 — another goal's step answers 404


class StepFormView(StepMixin, FormView):
    """Add a step to the action plan, or change one (the author's)."""

    template_name = "goals/step_form.html"
    form_class = StepForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        owners = selectors.step_owners(self.goal, selectors.current_members(self.member))
        kwargs.update(member=self.member, goal=self.goal, owners=owners, step=self.step)
        return kwargs

    def get_initial(self):
        if self.step is None:
            return {}
        return {"text": self.step.text, "owner": self.step.owner_id, "due_on": self.step.due_on}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["step"] = self.step
        return context

    def form_valid(self, form):
        try:
            if self.step is None:
                services.step_create(member=self.member, goal=self.goal, **form.cleaned_data)
                messages.success(self.request, _("The step is added to the plan."))
            else:
                services.step_update(member=self.member, step=self.step, **form.cleaned_data)
                messages.success(self.request, _("The step is saved."))
        except ValidationError as error:
            return self.form_refused(form, error)
        return redirect(self.goal_url(anchor="steps"))


class StepMarkView(StepMixin, TemplateView):
    """Tick a step done or open again: the author, or whoever owns the step."""

    http_method_names = ["post"]

    def check(self) -> None:
        services.step_change_check(self.member, self.step)

    def post(self, request, *args, **kwargs):
        done = request.POST.get("done") == "1"
        step = services.step_mark(member=self.member, step=self.step, done=done)
        if step.done:
            messages.success(request, _("Done: “%(step)s”.") % {"step": step.text})
        else:
            messages.info(request, _("“%(step)s” is open again.") % {"step": step.text})
        return redirect(self.goal_url(anchor="steps"))


class StepDeleteView(StepMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.step_delete(member=self.member, step=self.step)
        messages.success(request, _("The step is removed from the plan."))
        return redirect(self.goal_url(anchor="steps"))
