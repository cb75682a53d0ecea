"""A sales rep's day through the uniffi Python bindings, on a file database (scripts/test_mobile.sh runs it)."""

import datetime
import json
import sqlite3

import pytest

from rapport import (
    Engine,
    ActivityDraft,
    ActivityKind,
    ActivityListRequest,
    ActivityStatus,
    AcceptQuoteRequest,
    AdvanceRequest,
    AgendaRequest,
    ApprovalState,
    ApprovalStatus,
    CompleteRequest,
    ContactDraft,
    ContactListRequest,
    CustomerDraft,
    CustomerListRequest,
    CustomerPatch,
    CustomerStatus,
    DecisionRequest,
    DiscountApproval,
    LineRequest,
    OrderDraft,
    OrderListRequest,
    OrderOrigin,
    OrderStatus,
    PriceSource,
    QuoteDraft,
    QuoteListRequest,
    QuotePatch,
    QuoteStatus,
    SendQuoteRequest,
    SubmitOrderRequest,
    TimelineRequest,
    ErrorCode,
    InboxKind,
    InboxListRequest,
    LoseRequest,
    MarkReadRequest,
    NoteRequest,
    OpportunityDraft,
    OpportunityListRequest,
    OpportunityStatus,
    PendingRequest,
    ProductListRequest,
    RapportError,
    RejectApprovalRequest,
    ErrorLogger,
    Progress,
    ProgressListener,
    reported_error_count,
    set_error_logger,
)

# Deterministic clock (09:00 on 2026-03-02 in the organisation's UTC+8) and ids.
OPTIONS = json.dumps({"test_mode": {"start": "2026-03-02T01:00:00Z", "step_ms": 1000, "id_seed": 7}})
TODAY = datetime.date(2026, 3, 2)


def call(engine, actor, method, request):
    """The generic way in: any registry method by name, JSON in and out."""
    return json.loads(engine.call(actor, method, json.dumps(request)))


def bootstrap(engine):
    """The organisation, as the host (actor None = system): Sales > East (manager, rep) and West (other rep)."""
    sales = call(engine, None, "departments.create", {"name": "Sales"})["id"]
    east = call(engine, None, "departments.create", {"name": "East", "parent_id": sales})["id"]
    west = call(engine, None, "departments.create", {"name": "West", "parent_id": sales})["id"]

    def user(name, dept, role, manager=None):
        return call(
            engine, None, "users.create", {"name": name, "department_id": dept, "roles": [role], "manager_id": manager}
        )["id"]

    manager = user("East Manager", east, "sales_manager")
    rep = user("张伟", east, "sales_rep", manager)
    other = user("Wang Fang", west, "sales_rep")
    call(
        engine,
        None,
        "pipelines.create",
        {
            "code": "standard",
            "name": "Standard",
            "stages": [
                {"code": "qualify", "name": "Qualify", "probability": 10},
                {"code": "evaluate", "name": "Evaluate", "probability": 40, "requires_approval": True},
                {"code": "negotiate", "name": "Negotiate", "probability": 80},
            ],
        },
    )
    return {"manager": manager, "rep": rep, "other": other}


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "crm.db")
    engine = Engine.open(path, OPTIONS)
    users = bootstrap(engine)
    yield engine, path, users
    engine.close_database()


def expect_error(code, fn, *args):
    with pytest.raises(RapportError) as caught:
        fn(*args)
    assert caught.value.code == code, caught.value
    return caught.value


def test_a_reps_day_on_a_file_db(db):
    engine, path, users = db
    rep, manager, other = users["rep"], users["manager"], users["other"]

    # Customers: the rep's own, one of another team's rep.
    acme = engine.create_customer(rep, CustomerDraft(name="深圳华强科技", region="44/4403", tags=["key-account"]))
    assert acme.code == "C-000001" and acme.owner_id == rep
    assert isinstance(acme.created_at, datetime.datetime)
    engine.create_customer(rep, CustomerDraft(name="广州宏达贸易", region="44/4401", custom=""))
    foreign = engine.create_customer(other, CustomerDraft(name="Chengdu Pumps"))

    page = engine.list_customers(rep, CustomerListRequest(limit=1))
    assert len(page.items) == 1 and page.next_cursor is not None
    rest = engine.list_customers(rep, CustomerListRequest(cursor=page.next_cursor))
    mine = [c.name for c in page.items + rest.items]
    assert mine == ["深圳华强科技", "广州宏达贸易"] and rest.next_cursor is None
    assert [c.name for c in engine.list_customers(rep, CustomerListRequest(region="44/4403")).items] == ["深圳华强科技"]
    assert [c.name for c in engine.list_customers(rep, CustomerListRequest(tag="key-account")).items] == ["深圳华强科技"]
    acme = engine.update_customer(rep, CustomerPatch(id=acme.id, phone="0755-83761234"))
    assert acme.phone == "0755-83761234"

    contact = engine.create_contact(rep, ContactDraft(customer_id=acme.id, name="陈静", phones=["138 0013 8000"]))
    assert contact.is_primary
    assert [c.id for c in engine.list_contacts(rep, ContactListRequest(customer_id=acme.id)).items] == [contact.id]

    # A planned visit today, then logged as done with its outcome.
    visit = engine.create_activity(
        rep,
        ActivityDraft(
            kind=ActivityKind.VISIT,
            subject="拜访华强，演示新产品",
            starts_at=datetime.datetime(2026, 3, 2, 6, 0, tzinfo=datetime.timezone.utc),
            duration_minutes=90,
            customer_id=acme.id,
            contact_id=contact.id,
        ),
    )
    assert visit.status == ActivityStatus.PLANNED
    task = engine.create_activity(
        rep, ActivityDraft(kind=ActivityKind.TASK, subject="报价单", due_date=TODAY, customer_id=acme.id)
    )
    agenda = engine.agenda(rep, AgendaRequest(date=TODAY))
    assert agenda.user_id == rep and agenda.date == TODAY
    assert [a.id for a in agenda.planned] == [visit.id, task.id]

    done = engine.complete_activity(rep, CompleteRequest(id=visit.id, outcome="客户同意下周报价"))
    assert done.status == ActivityStatus.DONE
    assert engine.get_customer(rep, acme.id).last_contact_at == done.starts_at
    today = engine.list_activities(rep, ActivityListRequest(date=TODAY))
    assert [a.id for a in today.items] == [visit.id]
    assert engine.list_activities(rep, ActivityListRequest(date=TODAY + datetime.timedelta(days=1))).items == []

    # An opportunity through the evaluation gate: blocked until the manager approves.
    opp = engine.create_opportunity(
        rep, OpportunityDraft(customer_id=acme.id, title="二期设备采购", amount=50_000_00, fx_rate="1")
    )
    assert opp.stage == "qualify" and opp.fx_rate == "1"
    engine.advance_opportunity(rep, AdvanceRequest(id=opp.id, stage="evaluate"))
    expect_error(ErrorCode.INVALID_STATE, engine.advance_opportunity, rep, AdvanceRequest(id=opp.id, stage="negotiate"))
    pending = engine.submit_opportunity_for_approval(rep, NoteRequest(id=opp.id, note="预算已确认"))
    assert pending.approval_status == ApprovalStatus.PENDING
    expect_error(ErrorCode.PERMISSION_DENIED, engine.approve_opportunity, rep, NoteRequest(id=opp.id))
    # ORG-5: the manager's phone lists what waits for them, oldest first, and decides it.
    waiting = engine.pending_approvals(manager, PendingRequest())
    assert [p.document_id for p in waiting.items] == [opp.id]
    assert (waiting.items[0].customer_name, waiting.items[0].step_name) == (acme.name, "manager")
    approval_id = waiting.items[0].id
    expect_error(ErrorCode.PERMISSION_DENIED, engine.approve_approval, rep, DecisionRequest(id=approval_id))
    expect_error(ErrorCode.VALIDATION, engine.reject_approval, manager, RejectApprovalRequest(id=approval_id, reason=" "))
    decided = engine.approve_approval(manager, DecisionRequest(id=approval_id, comment="同意"))
    assert decided.status == ApprovalState.APPROVED and decided.history[-1].comment == "同意"
    assert engine.pending_approvals(manager, PendingRequest()).items == []
    expect_error(ErrorCode.INVALID_STATE, engine.approve_approval, manager, DecisionRequest(id=approval_id))
    assert engine.get_opportunity(rep, opp.id).approval_status == ApprovalStatus.APPROVED
    moved = engine.advance_opportunity(rep, AdvanceRequest(id=opp.id, stage="negotiate"))
    assert (moved.stage, moved.probability) == ("negotiate", 80)

    lost = engine.create_opportunity(rep, OpportunityDraft(customer_id=acme.id, title="Spare parts"))
    engine.lose_opportunity(rep, LoseRequest(id=lost.id, reason="价格偏高", competitor="Acme Pumps"))
    won = engine.create_opportunity(rep, OpportunityDraft(customer_id=acme.id, title="Service plan"))
    # OPP-3: winning from qualify would pass the evaluate gate; go through it first.
    expect_error(ErrorCode.INVALID_STATE, engine.win_opportunity, rep, NoteRequest(id=won.id))
    engine.advance_opportunity(rep, AdvanceRequest(id=won.id, stage="evaluate"))
    engine.submit_opportunity_for_approval(rep, NoteRequest(id=won.id))
    engine.approve_opportunity(manager, NoteRequest(id=won.id))
    assert engine.win_opportunity(rep, NoteRequest(id=won.id)).status == OpportunityStatus.WON
    open_mine = engine.list_my_opportunities(rep, OpportunityListRequest(status=OpportunityStatus.OPEN))
    assert [o.id for o in open_mine.items] == [opp.id]
    assert len(engine.list_my_opportunities(rep, OpportunityListRequest()).items) == 3

    # Another team's customer is out of reach through the bindings, typed or generic.
    expect_error(ErrorCode.NOT_FOUND, engine.get_customer, rep, foreign.id)
    expect_error(ErrorCode.NOT_FOUND, engine.call, rep, "customers.get", json.dumps({"id": foreign.id}))
    assert foreign.id not in [c.id for c in engine.list_customers(rep, CustomerListRequest()).items]
    expect_error(
        ErrorCode.NOT_FOUND, engine.create_opportunity, rep, OpportunityDraft(customer_id=foreign.id, title="Poach")
    )

    # The agenda at the end of the day: the visit is done, the task remains.
    agenda = engine.agenda(rep, AgendaRequest())
    assert [a.id for a in agenda.planned] == [task.id] and agenda.alerts == []

    # Reopened from the file, everything is there.
    engine.close_database()
    expect_error(ErrorCode.MISUSE, engine.get_customer, rep, acme.id)
    again = Engine.open(path)
    try:
        assert [c.name for c in again.list_customers(rep, CustomerListRequest()).items] == ["深圳华强科技", "广州宏达贸易"]
        assert again.get_customer(rep, acme.id).phone == "0755-83761234"
        assert again.get_opportunity(rep, opp.id).stage == "negotiate"
        assert again.get_activity(rep, visit.id).outcome == "客户同意下周报价"
        assert [a.id for a in again.agenda(rep, AgendaRequest(date=TODAY)).planned] == [task.id]
        assert len(again.list_opportunities(manager, OpportunityListRequest()).items) == 3
        counts = call(again, None, "audit.history", {"entity": "opportunity", "id": opp.id})
        assert len(counts) >= 4
    finally:
        again.close_database()


def test_a_quote_at_the_customers_site_revised_and_turned_into_an_order(db):
    """DOC-1, DOC-2, DOC-4 on a phone: price from the catalogue, quote, revise, accept, order, approve."""
    engine, path, users = db
    rep, manager = users["rep"], users["manager"]
    pump = call(engine, None, "products.create", {"code": "PUMP-200", "name": "循环泵 200W", "unit": "台",
                                                   "list_price": 1280_00, "tax_rate_bp": 1300})["id"]
    call(engine, None, "products.create", {"code": "OLD-1", "name": "Old model", "unit": "台", "list_price": 1, "active": False})
    customer = engine.create_customer(rep, CustomerDraft(name="深圳华强科技", tags=["key-account"]))
    call(engine, None, "price_lists.define", {"code": "KA", "name": "大客户价", "rules": [
        {"product_id": pump, "customer_tag": "key-account", "unit_price": 1150_00, "min_quantity": 2}]})

    # DOC-1: the catalogue and the explained price the customer gets.
    assert [p.code for p in engine.list_products(rep, ProductListRequest(active=True)).items] == ["PUMP-200"]
    assert engine.get_product(rep, pump).tax_rate_bp == 1300
    single = engine.price_product(rep, pump, customer.id, "1")
    assert single.unit_price == 1280_00 and isinstance(single.source, PriceSource.LIST_PRICE)
    bulk = engine.price_product(rep, pump, customer.id, "2.5", "2026-03-02")
    assert bulk.unit_price == 1150_00 and bulk.quantity == "2.5"
    assert isinstance(bulk.source, PriceSource.RULE) and bulk.source.price_list_code == "KA"
    assert bulk.source.customer_tag == "key-account"

    # DOC-2: a quote with exact totals (half up per line), sent, then revised as a new version.
    quote = engine.create_quote(rep, QuoteDraft(customer_id=customer.id, lines=[
        LineRequest(product_id=pump, quantity="2.5", discount_bp=500)]))
    line = quote.lines[0]
    assert (quote.code, quote.version, quote.status) == ("Q-000001", 1, QuoteStatus.DRAFT)
    assert (line.quantity, line.unit_price, line.net, line.tax, line.gross) == ("2.5", 1150_00, 2731_25, 355_06, 3086_31)
    assert line.price_source.startswith("price_list:KA")
    assert (quote.totals.net, quote.totals.tax, quote.totals.gross) == (2731_25, 355_06, 3086_31)
    assert engine.send_quote(rep, SendQuoteRequest(id=quote.id)).status == QuoteStatus.SENT
    revised = engine.revise_quote(rep, quote.id)
    assert (revised.code, revised.version, revised.previous_id, revised.status) == ("Q-000001", 2, quote.id, QuoteStatus.DRAFT)
    assert engine.get_quote(rep, quote.id).status == QuoteStatus.SUPERSEDED
    revised = engine.update_quote(rep, QuotePatch(id=revised.id, lines=[LineRequest(product_id=pump, quantity="3")]))
    assert revised.totals.gross == 3 * 1150_00 * 113 // 100
    # A discount above the rep's ceiling (10%) goes to the quote-discount approval instead of the customer.
    expect_error(ErrorCode.VALIDATION, engine.update_quote, rep,
                 QuotePatch(id=revised.id, lines=[LineRequest(product_id=pump, quantity="1.2345")]))
    steep = engine.update_quote(rep, QuotePatch(id=revised.id, lines=[LineRequest(product_id=pump, quantity="3", discount_bp=2000)]))
    waiting = engine.send_quote(rep, SendQuoteRequest(id=steep.id))
    assert (waiting.status, waiting.discount_approval) == (QuoteStatus.DRAFT, DiscountApproval.PENDING)
    approval = engine.pending_approvals(manager, PendingRequest()).items[0]
    assert approval.document_id == steep.id
    engine.approve_approval(manager, DecisionRequest(id=approval.id))
    sent = engine.get_quote(rep, steep.id)  # the approval sends it
    assert (sent.status, sent.discount_approval) == (QuoteStatus.SENT, DiscountApproval.APPROVED)
    accepted = engine.accept_quote(rep, AcceptQuoteRequest(id=steep.id))
    assert accepted.status == QuoteStatus.ACCEPTED
    listed = engine.list_quotes(rep, QuoteListRequest(customer_id=customer.id))
    assert [q.id for q in listed.items] == [steep.id]

    # DOC-4: only the current version becomes an order; approval makes a transaction customer (CUS-1).
    expect_error(ErrorCode.VALIDATION, engine.create_order, rep, OrderDraft(quote_id=quote.id))
    order = engine.create_order(rep, OrderDraft(quote_id=steep.id, shipping_address="深圳市福田区华强北路 1 号"))
    assert (order.status, order.origin, order.quote_id, order.amount) == (OrderStatus.DRAFT, OrderOrigin.ENGINE, steep.id, accepted.totals.gross)
    assert order.code.startswith("SO-") and [(l.line.quantity, l.delivered) for l in order.lines] == [("3", "0")]
    check = engine.order_credit_check(rep, order.id)
    assert (check.credit_limit, check.blocked) == (None, False)
    dry = engine.submit_order(rep, SubmitOrderRequest(id=order.id, dry_run=True))
    assert engine.get_order(rep, order.id).status == OrderStatus.DRAFT and dry.steps
    submitted = engine.submit_order(rep, SubmitOrderRequest(id=order.id))
    assert engine.get_order(rep, order.id).status == OrderStatus.SUBMITTED
    engine.approve_approval(manager, DecisionRequest(id=submitted.id))
    assert engine.get_order(rep, order.id).status == OrderStatus.APPROVED
    assert engine.get_customer(rep, customer.id).status == CustomerStatus.TRANSACTION
    assert [o.id for o in engine.list_orders(rep, OrderListRequest(status=OrderStatus.APPROVED)).items] == [order.id]
    receivables = call(engine, rep, "receivables.list", {"customer_id": customer.id})
    assert [r["outstanding_base"] for r in receivables["items"]] == [order.amount_base]

    # CUS-5: the customer's timeline on the phone, newest first, a page at a time.
    page = engine.customer_timeline(rep, TimelineRequest(id=customer.id, limit=2))
    assert [(e.kind, e.status) for e in page.items] == [("order", "approved"), ("quote", "accepted")]
    rest = engine.customer_timeline(rep, TimelineRequest(id=customer.id, cursor=page.next_cursor))
    assert [(e.kind, e.status) for e in rest.items] == [("quote", "superseded")] and rest.next_cursor is None
    orders_only = engine.customer_timeline(rep, TimelineRequest(id=customer.id, kinds=["order"]))
    assert [(e.title, e.amount, e.currency) for e in orders_only.items] == [(order.code, order.amount, "CNY")]
    expect_error(ErrorCode.VALIDATION, engine.customer_timeline, rep, TimelineRequest(id=customer.id, kinds=["user"]))


def test_a_reps_inbox_on_the_phone_unread_first(db):
    """ORG-7: records a manager hands the rep arrive in the rep's inbox; the phone lists it unread first."""
    engine, _, users = db
    rep, manager = users["rep"], users["manager"]
    assert engine.inbox(rep, InboxListRequest()).items == []
    older = engine.create_customer(manager, CustomerDraft(name="杭州新锐自动化", owner_id=rep))
    newer = engine.create_customer(manager, CustomerDraft(name="宁波海天精工", owner_id=rep))
    engine.create_customer(rep, CustomerDraft(name="自己的客户"))  # the rep's own: nothing to tell her

    page = engine.inbox(rep, InboxListRequest())
    assert [e.record_id for e in page.items] == [newer.id, older.id] and page.unread == 2
    entry = page.items[0]
    assert (entry.kind, entry.entity, entry.title, entry.user_id) == (InboxKind.ASSIGNMENT, "customer", newer.name, rep)
    assert entry.read_at is None and isinstance(entry.created_at, datetime.datetime)
    assert json.loads(entry.params) == {"by": manager, "previous_owner": None}
    first = engine.inbox(rep, InboxListRequest(limit=1))
    assert [e.id for e in first.items] == [entry.id] and first.next_cursor is not None and first.unread == 2
    rest = engine.inbox(rep, InboxListRequest(cursor=first.next_cursor))
    assert [e.record_id for e in rest.items] == [older.id] and rest.next_cursor is None

    # Reading the newest moves it below the unread one: unread first, then read, newest first in each.
    expect_error(ErrorCode.NOT_FOUND, engine.mark_inbox_read, manager, MarkReadRequest(ids=[entry.id]))
    done = engine.mark_inbox_read(rep, MarkReadRequest(ids=[entry.id]))
    assert (done.marked, done.unread) == (1, 1)
    page = engine.inbox(rep, InboxListRequest())
    assert [(e.record_id, e.read_at is None) for e in page.items] == [(older.id, True), (newer.id, False)]
    assert page.unread == 1
    assert [e.record_id for e in engine.inbox(rep, InboxListRequest(unread_only=True)).items] == [older.id]
    done = engine.mark_inbox_read(rep, MarkReadRequest(all=True))
    assert (done.marked, done.unread) == (1, 0)
    assert engine.inbox(rep, InboxListRequest(unread_only=True)).items == []
    expect_error(ErrorCode.VALIDATION, engine.mark_inbox_read, rep, MarkReadRequest())
    expect_error(ErrorCode.VALIDATION, engine.inbox, None, InboxListRequest())
    assert engine.inbox(manager, InboxListRequest()).unread == 0


def test_a_custom_role_without_view_financial_sees_no_credit_limit(db):
    """ORG-6: a customer's credit limit is withheld from a role that may not view financial fields."""
    engine, _, users = db
    rep, manager = users["rep"], users["manager"]
    sales = call(engine, None, "departments.list", {})[0]["id"]
    call(
        engine,
        None,
        "roles.define",
        {"code": "service_desk", "name": "客服专员", "scope": "department_tree", "permissions": {"customer": ["edit"]}},
    )
    desk = call(engine, None, "users.create", {"name": "客服小刘", "department_id": sales, "custom_roles": ["service_desk"]})
    assert desk["roles"] == [] and desk["custom_roles"] == ["service_desk"]
    customer = engine.create_customer(manager, CustomerDraft(name="杭州新锐自动化", owner_id=rep, credit_limit=200_000_00))

    seen = engine.get_customer(desk["id"], customer.id)
    assert (seen.name, seen.credit_limit, seen.withheld) == ("杭州新锐自动化", None, ["credit_limit"])
    listed = engine.list_customers(desk["id"], CustomerListRequest()).items
    assert [(c.id, c.credit_limit, c.withheld) for c in listed] == [(customer.id, None, ["credit_limit"])]
    assert "credit_limit" not in call(engine, desk["id"], "customers.get", {"id": customer.id})
    owned = engine.get_customer(rep, customer.id)
    assert (owned.credit_limit, owned.withheld) == (200_000_00, [])
    err = expect_error(
        ErrorCode.PERMISSION_DENIED, engine.update_customer, desk["id"], CustomerPatch(id=customer.id, credit_limit=1)
    )
    assert err.field == "credit_limit"
    # What the desk may write, it writes; the limit it cannot see stays.
    assert engine.update_customer(desk["id"], CustomerPatch(id=customer.id, phone="0571-88886666")).credit_limit is None
    assert engine.get_customer(rep, customer.id).credit_limit == 200_000_00


def test_every_error_path_raises_the_typed_exception(db):
    engine, _, users = db
    rep = users["rep"]
    err = expect_error(ErrorCode.VALIDATION, engine.create_customer, rep, CustomerDraft(name="  "))
    assert err.field == "name" and err.message
    assert isinstance(err, RapportError.Failure) and "is required" in str(err)
    expect_error(ErrorCode.VALIDATION, engine.create_customer, rep, CustomerDraft(name="X", email="not-an-email"))
    expect_error(ErrorCode.VALIDATION, engine.create_opportunity, rep, OpportunityDraft(customer_id="x", title="T", fx_rate="abc"))
    expect_error(ErrorCode.VALIDATION, engine.create_customer, rep, CustomerDraft(name="X", custom="[1]"))
    expect_error(ErrorCode.NOT_FOUND, engine.get_customer, rep, "no-such-customer")
    expect_error(ErrorCode.UNKNOWN_ACTOR, engine.list_customers, "no-such-user", CustomerListRequest())
    expect_error(ErrorCode.VALIDATION, engine.list_customers, rep, CustomerListRequest(limit=0))
    expect_error(ErrorCode.UNKNOWN_METHOD, engine.call, rep, "customers.explode", "{}")
    err = expect_error(ErrorCode.MALFORMED_REQUEST, engine.call, rep, "customers.create", '{"name": 5}')
    assert err.field == "name"
    c = engine.create_customer(rep, CustomerDraft(name="Gate Co"))
    o = engine.create_opportunity(rep, OpportunityDraft(customer_id=c.id, title="Gated", stage="evaluate"))
    expect_error(ErrorCode.INVALID_STATE, engine.win_opportunity, rep, NoteRequest(id=o.id))
    expect_error(ErrorCode.VALIDATION, engine.lose_opportunity, rep, LoseRequest(id=o.id, reason=" "))
    expect_error(ErrorCode.IO, Engine.open, "/nonexistent-dir/crm.db")
    expect_error(ErrorCode.MALFORMED_REQUEST, Engine.open_in_memory, '{"no_such_option": 1}')
    readonly = Engine.open_in_memory()
    assert readonly.version()
    readonly.close_database()
    readonly.close_database()  # idempotent
    expect_error(ErrorCode.MISUSE, readonly.call, None, "users.list", "{}")


class Recorder(ErrorLogger):
    """The app's error logger: keeps what the engine reported."""

    def __init__(self):
        self.reports = []

    def log(self, code, causes):
        self.reports.append((code, causes))


def test_internal_failures_reach_the_apps_error_logger_with_their_cause(tmp_path):
    path = str(tmp_path / "log.db")
    engine = Engine.open(path)
    customer = engine.create_customer(None, CustomerDraft(name="Log Co"))
    engine.close_database()
    # A stored value corrupted on disk: the customer's custom fields are no longer JSON.
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE customers SET custom = '{\"k\": SECRET' WHERE id = ?", (customer.id,))
    conn.close()

    recorder = Recorder()
    before = reported_error_count()
    set_error_logger(recorder)
    engine = Engine.open(path)
    try:
        err = expect_error(ErrorCode.INTERNAL, engine.get_customer, None, customer.id)
        assert "SECRET" not in err.message
        assert len(recorder.reports) == 1
        code, causes = recorder.reports[0]
        assert code == ErrorCode.INTERNAL and len(causes) >= 2
        assert "line 1 column" in causes[-1], causes
        assert reported_error_count() == before + 1
        set_error_logger(None)
        expect_error(ErrorCode.INTERNAL, engine.get_customer, None, customer.id)
        assert len(recorder.reports) == 1
    finally:
        set_error_logger(None)
        engine.close_database()


class ProgressRecorder(ProgressListener):
    """The app's progress listener: keeps every report; cancels at report `cancel_at`, or raises at the first."""

    def __init__(self, cancel_at=None, fail=False):
        self.reports = []
        self.cancel_at = cancel_at
        self.fail = fail

    def on_progress(self, progress):
        assert isinstance(progress, Progress)
        self.reports.append((progress.items, progress.done, progress.total))
        if self.fail:
            raise RuntimeError("the app's listener failed")
        return self.cancel_at is None or len(self.reports) < self.cancel_at


def import_request(rows, prefix):
    text = "name,phone\n" + "".join(f"{prefix} {i},0755-8{i:07d}\n" for i in range(1, rows + 1))
    return json.dumps(
        {
            "entity": "customers",
            "format": "csv",
            "text": text,
            "mapping": {"columns": {"name": "name", "phone": "phone"}},
            "mode": "skip_invalid",
        }
    )


def count_customers(engine):
    total, cursor = 0, None
    while True:
        page = call(engine, None, "customers.list", {"limit": 1000, "cursor": cursor})
        total += len(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return total


def test_life_1_an_import_reports_its_progress_and_a_listener_cancels_it(db):
    engine, _, _ = db
    before = count_customers(engine)
    recorder = ProgressRecorder()
    report = json.loads(engine.call_with_progress(None, "imports.run", import_request(3000, "华强客户"), recorder))
    assert report["rows"] == 3000 and report["created"] == 3000
    items = [r[0] for r in recorder.reports]
    assert len(items) >= 3 and items == sorted(set(items)), items
    assert items[-1] == 3000
    assert all(done <= total for _, done, total in recorder.reports)
    assert count_customers(engine) == before + 3000

    cancel = ProgressRecorder(cancel_at=1)
    expect_error(ErrorCode.CANCELLED, engine.call_with_progress, None, "imports.run", import_request(3000, "取消"), cancel)
    assert len(cancel.reports) == 1
    assert count_customers(engine) == before + 3000
    assert len(call(engine, None, "imports.list", {})["items"]) == 1

    # Not long work: a plain call, the listener never hears.
    quiet = ProgressRecorder()
    assert json.loads(engine.call_with_progress(None, "org.get", "{}", quiet))
    assert quiet.reports == []
    expect_error(ErrorCode.UNKNOWN_METHOD, engine.call_with_progress, None, "imports.explode", "{}", quiet)
    bad = '{"entity": "customers", "text": 5}'
    err = expect_error(ErrorCode.MALFORMED_REQUEST, engine.call_with_progress, None, "imports.run", bad, quiet)
    assert err.field == "text"
    assert quiet.reports == []


def test_life_1_a_listener_that_raises_cancels_the_import_and_keeps_nothing(db):
    engine, _, _ = db
    before = count_customers(engine)
    failing = ProgressRecorder(fail=True)
    err = expect_error(ErrorCode.CANCELLED, engine.call_with_progress, None, "imports.run", import_request(2000, "坏"), failing)
    assert "the app's listener failed" in err.message, err.message
    assert len(failing.reports) == 1
    assert count_customers(engine) == before
    assert call(engine, None, "imports.list", {})["items"] == []
    # The engine goes on working.
    assert json.loads(engine.call_with_progress(None, "imports.run", import_request(10, "好"), ProgressRecorder()))["created"] == 10


def test_life_2_an_export_streams_a_list_as_csv_and_json_lines(db, tmp_path):
    engine, _, _ = db
    call(engine, None, "imports.run", {"entity": "customers", "text": "name,region\n深圳华强,44\n广州宏达,44\n北京远大,11\n"})
    out = tmp_path / "customers.csv"
    recorder = ProgressRecorder()
    answer = json.loads(engine.call_with_progress(
        None, "exports.run",
        json.dumps({"list": "customers.list", "filter": {"region": "44"}, "format": "csv", "path": str(out)}), recorder))
    assert answer["rows"] == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and "name" in lines[0]
    assert {l.split(",")[lines[0].split(",").index("name")] for l in lines[1:]} == {"深圳华强", "广州宏达"}
    assert recorder.reports and recorder.reports[-1][0] == 2
    text = call(engine, None, "exports.run", {"list": "customers.list", "format": "jsonl"})["text"]
    assert len(text.splitlines()) == 3
    bad = json.dumps({"list": "customers.list", "path": str(tmp_path / "no" / "such" / "dir.csv")})
    err = expect_error(ErrorCode.VALIDATION, engine.call_with_progress, None, "exports.run", bad, ProgressRecorder())
    assert err.field == "path"


def test_life_2_a_backup_taken_while_another_thread_writes_opens_with_what_it_held(db, tmp_path):
    import threading

    engine, _, _ = db
    stop = threading.Event()
    written = []

    def writer():
        n = 0
        while not stop.is_set():
            call(engine, None, "customers.create", {"name": f"备份期间 {n}"})
            n += 1
        written.append(n)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        backup = tmp_path / "backup.db"
        answer = json.loads(engine.call_with_progress(
            None, "backups.create", json.dumps({"path": str(backup)}), ProgressRecorder()))
        assert answer["pages"] > 0
    finally:
        stop.set()
        thread.join()
    assert written[0] > 0
    copy = Engine.open(str(backup), '{"read_only": true}')
    held = count_customers(copy)
    copy.close_database()
    assert 0 <= held <= count_customers(engine)
    # A restore brings the copy back; restoring something that is not a database changes nothing.
    restored = json.loads(engine.call_with_progress(
        None, "backups.restore", json.dumps({"path": str(backup)}), ProgressRecorder()))
    assert restored["pages"] > 0
    assert count_customers(engine) == held
    junk = tmp_path / "junk.db"
    junk.write_text("not a database " * 100)
    expect_error(ErrorCode.VALIDATION, engine.call_with_progress, None, "backups.restore",
                 json.dumps({"path": str(junk)}), ProgressRecorder())
    assert count_customers(engine) == held
