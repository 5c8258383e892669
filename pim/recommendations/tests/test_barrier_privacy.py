"""A register entry copied from a draft MID or a private event is not printed to the public (PU page, exports);
an approved MID's, a public event's and an expert's own wording are."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from pim.events.tests.factories import EventFactory, EventOutcomeFactory
from pim.plans.models import ActionPlan
from pim.plans.tests.factories import ActionPlanFactory
from pim.plans.tests.factories import BarrierFactory as MidBarrierFactory
from pim.recommendations import exports, register
from pim.recommendations.models import Barrier, ImprovementPlan
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import BarrierFactory
from pim.recommendations.tests.test_exports import docx_text, pdf_text

DRAFT_TEXT = "Poufny opis bariery z roboczego MID"
EVENT_TEXT = "Ustalenie z zamkniętego spotkania"
EXPERT_TEXT = "Brak przepisów o retencji: sformułowanie eksperta"


def placeholder() -> str:
    """Polish "Opis bariery z niepublicznego dokumentu" once the catalogue holds it."""
    return gettext("Barrier description from a non-public document")


class BarrierPrivacyTests(PuTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mid = ActionPlanFactory(network=cls.network, edition=cls.edition, participant=cls.member_city)
        MidBarrierFactory(plan=cls.mid, type="legal", description=DRAFT_TEXT)
        event = EventFactory(network=cls.network, edition=cls.edition, host=cls.lead_city, is_public=False)
        EventOutcomeFactory(event=event, text=EVENT_TEXT, is_candidate_barrier=True, barrier_type="financial")
        register.barrier_register_collect(network=cls.network, by=cls.expert)
        cls.from_mid = Barrier.objects.get(origin=Barrier.Origin.MID)
        cls.from_event = Barrier.objects.get(origin=Barrier.Origin.EVENT)
        cls.own = BarrierFactory(network=cls.network, description=EXPERT_TEXT, is_demo=False)
        cls.plan.barriers.add(cls.from_mid, cls.from_event, cls.own)
        cls.recommendation.barriers.add(cls.from_mid)
        cls.set_state(cls.plan, ImprovementPlan.State.FINAL)

    def texts(self) -> dict[int, bool]:
        return dict(Barrier.objects.with_public_text().values_list("pk", "has_public_text"))

    def test_copied_text_is_public_only_when_every_source_is(self):
        self.assertEqual(self.texts(), {self.from_mid.pk: False, self.from_event.pk: False, self.own.pk: True})
        ActionPlan.objects.filter(pk=self.mid.pk).update(state=ActionPlan.State.APPROVED)
        self.from_event.event_outcomes.get().event.__class__.objects.update(is_public=True)
        self.assertEqual(self.texts(), {self.from_mid.pk: True, self.from_event.pk: True, self.own.pk: True})

    def test_a_cluster_with_one_draft_source_stays_private_and_rewording_makes_it_public(self):
        ActionPlan.objects.filter(pk=self.mid.pk).update(state=ActionPlan.State.APPROVED)
        approved_mid_entry = self.from_mid
        other_mid = ActionPlanFactory(network=self.network, edition=self.edition, participant=self.lead_city)
        draft = Barrier.objects.create(network=self.network, type="legal", description="Inny szkic",
                                       origin=Barrier.Origin.MID)
        draft.plan_barriers.add(MidBarrierFactory(plan=other_mid))
        register.barrier_merge(target=approved_mid_entry, others=[draft], by=self.expert)
        self.assertFalse(self.texts()[approved_mid_entry.pk])
        approved_mid_entry.refresh_from_db()
        register.barrier_edit(barrier=approved_mid_entry, type="legal", description="Nowe brzmienie eksperta",
                              cities=[], expected_revision=approved_mid_entry.revision, by=self.expert)
        self.assertTrue(self.texts()[approved_mid_entry.pk])

    def test_reveal_shows_everything_and_without_the_annotation_the_placeholder_shows(self):
        self.assertEqual(set(Barrier.objects.with_public_text(reveal=True).values_list("has_public_text", flat=True)),
                         {True})
        self.assertEqual(Barrier.objects.get(pk=self.own.pk).public_description, placeholder())

    def test_anonymous_reads_the_placeholder_on_the_pu_page(self):
        response = self.client.get(reverse("recommendations:plan", args=[self.network.slug]))
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn(EXPERT_TEXT, body)
        self.assertIn(placeholder(), body)
        self.assertNotIn(DRAFT_TEXT, body)
        self.assertNotIn(EVENT_TEXT, body)

    def test_anonymous_reads_the_placeholder_on_the_trace_and_in_the_api(self):
        pages = [reverse("recommendations:trace", args=[self.recommendation.pk]),
                 f"/api/v1/barriers?network={self.network.slug}"]
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                body = response.content.decode()
                self.assertNotIn(DRAFT_TEXT, body)
                self.assertIn(placeholder(), body)
        self.client.force_login(self.expert)
        self.assertIn(DRAFT_TEXT, self.client.get(pages[1]).content.decode())
        ActionPlan.objects.filter(pk=self.mid.pk).update(state=ActionPlan.State.APPROVED)
        self.client.logout()
        for url in pages:
            with self.subTest(url=url, mid="approved"):
                self.assertIn(DRAFT_TEXT, self.client.get(url).content.decode())
        self.assertNotIn(EVENT_TEXT, body)

    def test_the_network_still_reads_the_text_on_the_pu_page(self):
        for name in ("expert", "coordinator", "member_officer"):
            with self.subTest(name):
                self.login(name)
                body = self.client.get(reverse("recommendations:plan", args=[self.network.slug])).content.decode()
                self.assertIn(DRAFT_TEXT, body)
                self.assertIn(EVENT_TEXT, body)

    def test_anonymous_sees_the_text_once_the_mid_is_approved(self):
        ActionPlan.objects.filter(pk=self.mid.pk).update(state=ActionPlan.State.APPROVED)
        body = self.client.get(reverse("recommendations:plan", args=[self.network.slug])).content.decode()
        self.assertIn(DRAFT_TEXT, body)
        self.assertNotIn(EVENT_TEXT, body)

    def test_public_exports_never_hold_a_draft_mids_text(self):
        for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
            with self.subTest(fmt):
                response = self.client.get(reverse("recommendations:export", args=[self.network.slug, fmt]))
                self.assertEqual(response.status_code, 200)
                text = read(response.content).replace("\n", " ")
                self.assertNotIn(DRAFT_TEXT, text)
                self.assertNotIn(DRAFT_TEXT[:40], text)  # nor the recommendation's shortened barrier
                self.assertNotIn(EVENT_TEXT, text)
                self.assertIn(EXPERT_TEXT, text)
                self.assertIn(placeholder(), text)

    def test_exports_hold_the_text_once_the_mid_is_approved(self):
        ActionPlan.objects.filter(pk=self.mid.pk).update(state=ActionPlan.State.APPROVED)
        for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
            with self.subTest(fmt):
                text = read(exports.render(self.plan, fmt)).replace("\n", " ")
                self.assertIn(DRAFT_TEXT, text)
                self.assertNotIn(EVENT_TEXT, text)

    def test_a_draft_pus_export_for_the_network_holds_the_text(self):
        self.set_state(self.plan, ImprovementPlan.State.DRAFT)
        self.login("expert")
        response = self.client.get(reverse("recommendations:export", args=[self.network.slug, "docx"]))
        self.assertIn(DRAFT_TEXT, docx_text(response.content))

    def test_value_rows_of_a_related_manager_give_the_same_text(self):
        """The trace and the API read value rows, not instances."""
        rows = self.recommendation.barriers.with_public_text().values_list("description", "has_public_text")
        self.assertEqual([Barrier.text_or_placeholder(*row) for row in rows], [placeholder()])
