// A sales rep's day through the uniffi Kotlin bindings, on a file database (scripts/test_mobile.sh runs it).
// Exits non-zero on any failed check.

import java.nio.file.Files
import java.time.Instant
import java.time.LocalDate
import kotlin.system.exitProcess
import uniffi.rapport.Engine
import uniffi.rapport.ErrorLogger
import uniffi.rapport.ProgressListener
import uniffi.rapport.reportedErrorCount
import uniffi.rapport.setErrorLogger
import uniffi.rapport_core.*

private var failures = 0
private var checks = 0

fun check(ok: Boolean, what: String) {
    checks++
    if (!ok) {
        failures++
        System.err.println("FAILED: $what")
    }
}

/** Runs [block], expecting a RapportException with [code]. */
fun expectError(code: ErrorCode, what: String, block: () -> Unit): RapportException.Failure? {
    try {
        block()
        check(false, "$what: expected $code, got success")
    } catch (e: RapportException.Failure) {
        check(e.code == code, "$what: expected $code, got ${e.code} (${e.reason})")
        return e
    }
    return null
}

/** The generic way in: any registry method by name, JSON in and out (the JSON kept to plain strings here). */
fun Engine.idOf(actor: String?, method: String, json: String): String =
    Regex("\"id\":\"([^\"]+)\"").find(call(actor, method, json))!!.groupValues[1]

/**
 * ORG-7 and ORG-6 on a phone, on a database of their own: a manager hands the rep two customers and the rep's
 * inbox lists them unread first; a custom role without view_financial reads a credit limit as withheld.
 */
fun inboxAndWithheldFields(options: String) = Engine.openInMemory(options).use { engine ->
    val sales = engine.idOf(null, "departments.create", """{"name": "Sales"}""")
    val manager = engine.idOf(null, "users.create", """{"name": "East Manager", "department_id": "$sales", "roles": ["sales_manager"]}""")
    val rep = engine.idOf(null, "users.create", """{"name": "张伟", "department_id": "$sales", "roles": ["sales_rep"], "manager_id": "$manager"}""")
    check(engine.inbox(rep, InboxListRequest()).items.isEmpty(), "an empty inbox")
    val older = engine.createCustomer(manager, CustomerDraft(name = "杭州新锐自动化", ownerId = rep, creditLimit = 20_000_000L))
    val newer = engine.createCustomer(manager, CustomerDraft(name = "宁波海天精工", ownerId = rep))

    val inbox = engine.inbox(rep, InboxListRequest())
    check(inbox.items.map { it.recordId } == listOf(newer.id, older.id) && inbox.unread == 2L, "the rep's inbox, newest first")
    check(inbox.items.all { it.kind == InboxKind.ASSIGNMENT && it.entity == "customer" && it.readAt == null }, "two unread assignments")
    check(inbox.items[0].title == newer.name && inbox.items[0].params.contains("\"by\":\"$manager\""), "title, and params as JSON text")
    val newest = inbox.items[0].id
    expectError(ErrorCode.NOT_FOUND, "the manager marks the rep's entry") {
        engine.markInboxRead(manager, MarkReadRequest(ids = listOf(newest)))
    }
    val marked = engine.markInboxRead(rep, MarkReadRequest(ids = listOf(newest)))
    check(marked.marked == 1L && marked.unread == 1L, "one marked read, one still unread")
    val after = engine.inbox(rep, InboxListRequest())
    check(after.items.map { it.recordId to (it.readAt == null) } == listOf(older.id to true, newer.id to false), "unread first, then read")
    check(after.unread == 1L, "the unread count")
    check(engine.markInboxRead(rep, MarkReadRequest(all = true)).unread == 0L, "all read")
    check(engine.inbox(rep, InboxListRequest(unreadOnly = true)).items.isEmpty(), "nothing unread")

    engine.call(null, "roles.define", """{"code": "service_desk", "name": "客服专员", "scope": "department_tree", "permissions": {"customer": ["edit"]}}""")
    val desk = engine.idOf(null, "users.create", """{"name": "客服小刘", "department_id": "$sales", "custom_roles": ["service_desk"]}""")
    val seen = engine.getCustomer(desk, older.id)
    check(seen.creditLimit == null && seen.withheld == listOf("credit_limit"), "the credit limit is withheld from the desk")
    check(engine.getCustomer(rep, older.id).creditLimit == 20_000_000L, "and shown to the owner")
    val e = expectError(ErrorCode.PERMISSION_DENIED, "the desk writes a credit limit") {
        engine.updateCustomer(desk, CustomerPatch(id = older.id, creditLimit = 1L))
    }
    check(e?.field == "credit_limit", "refused on credit_limit")
}

/**
 * DOC-1, DOC-2, DOC-4 at the customer's site, on a database of its own: the rep prices from the catalogue, quotes,
 * sends, revises the sent quote (the old version is superseded), and the accepted version becomes an order that
 * the manager approves.
 */
fun quoteToOrder(options: String) = Engine.openInMemory(options).use { engine ->
    val sales = engine.idOf(null, "departments.create", """{"name": "Sales"}""")
    val manager = engine.idOf(null, "users.create", """{"name": "East Manager", "department_id": "$sales", "roles": ["sales_manager"]}""")
    val rep = engine.idOf(null, "users.create", """{"name": "张伟", "department_id": "$sales", "roles": ["sales_rep"], "manager_id": "$manager"}""")
    val pump = engine.idOf(null, "products.create", """{"code": "PUMP-200", "name": "循环泵 200W", "unit": "台", "list_price": 128000, "tax_rate_bp": 1300}""")
    val customer = engine.createCustomer(rep, CustomerDraft(name = "深圳华强科技"))

    check(engine.listProducts(rep, ProductListRequest()).items.map { it.code } == listOf("PUMP-200"), "the catalogue")
    val price = engine.priceProduct(rep, pump, customer.id, "2.5")
    check(price.unitPrice == 128_000L && price.source == PriceSource.ListPrice, "the list price, explained")
    val quote = engine.createQuote(rep, QuoteDraft(customerId = customer.id,
        lines = listOf(LineRequest(productId = pump, quantity = "2.5", discountBp = 500L))))
    val line = quote.lines[0]
    check(quote.code == "Q-000001" && quote.version == 1u && quote.status == QuoteStatus.DRAFT, "a draft quote")
    check(line.quantity == "2.5" && line.net == 304_000L && line.tax == 39_520L && line.gross == 343_520L, "exact line totals")
    expectError(ErrorCode.VALIDATION, "a quantity with four decimals") {
        engine.createQuote(rep, QuoteDraft(customerId = customer.id, lines = listOf(LineRequest(productId = pump, quantity = "1.2345"))))
    }
    check(engine.sendQuote(rep, SendQuoteRequest(id = quote.id)).status == QuoteStatus.SENT, "quote sent")
    var revised = engine.reviseQuote(rep, quote.id)
    check(revised.version == 2u && revised.previousId == quote.id && revised.code == quote.code, "a second version")
    check(engine.getQuote(rep, quote.id).status == QuoteStatus.SUPERSEDED, "the first is superseded")
    revised = engine.updateQuote(rep, QuotePatch(id = revised.id, lines = listOf(LineRequest(productId = pump, quantity = "3"))))
    check(revised.totals.gross == 433_920L, "repriced at three")
    engine.sendQuote(rep, SendQuoteRequest(id = revised.id))
    check(engine.acceptQuote(rep, AcceptQuoteRequest(id = revised.id)).status == QuoteStatus.ACCEPTED, "accepted")

    expectError(ErrorCode.VALIDATION, "an order from the superseded version") {
        engine.createOrder(rep, OrderDraft(quoteId = quote.id))
    }
    val order = engine.createOrder(rep, OrderDraft(quoteId = revised.id))
    check(order.status == OrderStatus.DRAFT && order.amount == 433_920L && order.lines.single().line.quantity == "3", "a draft order")
    val approval = engine.submitOrder(rep, SubmitOrderRequest(id = order.id))
    check(engine.getOrder(rep, order.id).status == OrderStatus.SUBMITTED, "submitted")
    engine.approveApproval(manager, DecisionRequest(id = approval.id))
    check(engine.getOrder(rep, order.id).status == OrderStatus.APPROVED, "approved")
    check(engine.getCustomer(rep, customer.id).status == CustomerStatus.TRANSACTION, "a transaction customer")
    check(engine.listOrders(rep, OrderListRequest()).items.map { it.id } == listOf(order.id), "the rep's orders")

    // CUS-5: the customer's timeline, newest first, a page at a time.
    val page = engine.customerTimeline(rep, TimelineRequest(id = customer.id, limit = 2u))
    check(page.items.map { it.kind to it.status } == listOf("order" to "approved", "quote" to "accepted"), "the timeline's first page")
    val rest = engine.customerTimeline(rep, TimelineRequest(id = customer.id, cursor = page.nextCursor))
    check(rest.items.map { it.kind to it.status } == listOf("quote" to "superseded") && rest.nextCursor == null, "its last page")
    val orders = engine.customerTimeline(rep, TimelineRequest(id = customer.id, kinds = listOf("order")))
    check(orders.items.map { Triple(it.title, it.amount, it.currency) } == listOf(Triple(order.code, 433_920L, "CNY")), "orders only")
    expectError(ErrorCode.VALIDATION, "a kind not on the timeline") {
        engine.customerTimeline(rep, TimelineRequest(id = customer.id, kinds = listOf("user")))
    }
}

/** The app's progress listener: keeps every report; cancels at report [cancelAt], or throws at the first. */
class ProgressRecorder(private val cancelAt: Int = 0, private val fail: Boolean = false) : ProgressListener {
    val reports = mutableListOf<Progress>()
    override fun onProgress(progress: Progress): Boolean {
        reports.add(progress)
        if (fail) throw IllegalStateException("the app's listener failed")
        return cancelAt == 0 || reports.size < cancelAt
    }
}

/** An imports.run request of [rows] generated customers named "[prefix] n". */
fun importRequest(rows: Int, prefix: String): String {
    val text = (1..rows).joinToString("") { "$prefix $it,0755-8${"%07d".format(it)}\\n" }
    return """{"entity": "customers", "format": "csv", "text": "name,phone\n$text",
        "mapping": {"columns": {"name": "name", "phone": "phone"}}, "mode": "skip_invalid"}"""
}

/** The customers the host sees, page by page. */
fun Engine.customerCount(): Int {
    var total = 0
    var cursor: String? = null
    do {
        val page = listCustomers(null, CustomerListRequest(limit = 1000u, cursor = cursor))
        total += page.items.size
        cursor = page.nextCursor
    } while (cursor != null)
    return total
}

/**
 * LIFE-1 on a phone: an import of 3,000 rows reports its progress to the app's listener (items rising to every
 * row, done within total); one cancelled after its first report fails with CANCELLED and keeps nothing; a
 * listener that throws cancels the same way, and the engine goes on working.
 */
fun life1ImportProgressAndCancel(options: String) = Engine.openInMemory(options).use { engine ->
    val recorder = ProgressRecorder()
    val answer = engine.callWithProgress(null, "imports.run", importRequest(3000, "华强客户"), recorder)
    check(answer.contains("\"created\":3000"), "LIFE-1: 3,000 customers imported")
    val items = recorder.reports.map { it.items }
    check(items.size >= 3 && items.zipWithNext().all { (a, b) -> a < b } && items.last() == 3000uL, "LIFE-1: items rise to every row: $items")
    check(recorder.reports.all { it.done <= it.total }, "LIFE-1: done within total")
    check(engine.customerCount() == 3000, "LIFE-1: the customers are there")

    val cancel = ProgressRecorder(cancelAt = 1)
    expectError(ErrorCode.CANCELLED, "LIFE-1: cancelled from the listener") {
        engine.callWithProgress(null, "imports.run", importRequest(3000, "取消"), cancel)
    }
    check(cancel.reports.size == 1 && engine.customerCount() == 3000, "LIFE-1: a cancelled import keeps nothing")

    val failing = ProgressRecorder(fail = true)
    val e = expectError(ErrorCode.CANCELLED, "LIFE-1: a listener that throws") {
        engine.callWithProgress(null, "imports.run", importRequest(2000, "坏"), failing)
    }
    check(e?.reason?.contains("the app's listener failed") == true, "LIFE-1: the error names the listener's failure: ${e?.reason}")
    check(failing.reports.size == 1 && engine.customerCount() == 3000, "LIFE-1: a failing listener keeps nothing")
    val imports = Regex("\"entity\":\"customers\"").findAll(engine.call(null, "imports.list", "{}")).count()
    check(imports == 1, "LIFE-1: one import recorded, not the cancelled ones: $imports")

    val quiet = ProgressRecorder()
    engine.callWithProgress(null, "org.get", "{}", quiet)
    check(quiet.reports.isEmpty(), "LIFE-1: a method that is not long work never calls back")
    expectError(ErrorCode.MALFORMED_REQUEST, "LIFE-1: a bad request") {
        engine.callWithProgress(null, "imports.run", """{"entity": "customers", "text": 5}""", quiet)
    }
}

/** LIFE-2: an export to a file with progress, and a backup taken while another thread writes, then restored. */
fun life2ExportAndBackup(dir: java.nio.file.Path, options: String) = Engine.open(dir.resolve("life2.db").toString(), options).use { engine ->
    engine.callWithProgress(null, "imports.run", importRequest(1500, "导出"), ProgressRecorder())
    val csv = dir.resolve("customers.csv")
    val recorder = ProgressRecorder()
    val exported = engine.callWithProgress(null, "exports.run", """{"list": "customers.list", "format": "csv", "path": "$csv"}""", recorder)
    check(exported.contains("\"rows\":1500"), "LIFE-2: 1,500 customers exported: $exported")
    check(java.nio.file.Files.readAllLines(csv).size == 1501, "LIFE-2: a header and a line per customer")
    check(recorder.reports.isNotEmpty() && recorder.reports.last().items == 1500uL, "LIFE-2: the export reports its rows")

    val stop = java.util.concurrent.atomic.AtomicBoolean(false)
    var written = 0
    val writer = Thread {
        while (!stop.get()) {
            engine.call(null, "customers.create", """{"name": "备份期间 $written"}""")
            written++
        }
    }
    writer.start()
    val backup = dir.resolve("backup.db")
    val answer = try {
        engine.callWithProgress(null, "backups.create", """{"path": "$backup"}""", ProgressRecorder())
    } finally {
        stop.set(true)
        writer.join()
    }
    check(answer.contains("\"pages\""), "LIFE-2: the backup answers its pages")
    check(written > 0, "LIFE-2: the other thread wrote during the backup")
    val held = Engine.open(backup.toString(), """{"read_only": true}""").use { it.customerCount() }
    check(held in 1500..engine.customerCount(), "LIFE-2: the backup holds a consistent count: $held")
    engine.callWithProgress(null, "backups.restore", """{"path": "$backup"}""", ProgressRecorder())
    check(engine.customerCount() == held, "LIFE-2: the restore brings the backup's customers back")
    expectError(ErrorCode.VALIDATION, "LIFE-2: restoring a file that is not a database") {
        engine.callWithProgress(null, "backups.restore", """{"path": "$csv"}""", ProgressRecorder())
    }
    check(engine.customerCount() == held, "LIFE-2: a refused restore changes nothing")
}

fun main() {
    val dir = Files.createTempDirectory("rapport-kotlin")
    val path = dir.resolve("crm.db").toString()
    val options = """{"test_mode": {"start": "2026-03-02T01:00:00Z", "step_ms": 1000, "id_seed": 7}}"""
    val today = LocalDate.of(2026, 3, 2)

    val engine = Engine.open(path, options)
    // The organisation, as the host (actor null = system).
    val sales = engine.idOf(null, "departments.create", """{"name": "Sales"}""")
    val east = engine.idOf(null, "departments.create", """{"name": "East", "parent_id": "$sales"}""")
    val west = engine.idOf(null, "departments.create", """{"name": "West", "parent_id": "$sales"}""")
    val manager = engine.idOf(null, "users.create", """{"name": "East Manager", "department_id": "$east", "roles": ["sales_manager"]}""")
    val rep = engine.idOf(null, "users.create", """{"name": "张伟", "department_id": "$east", "roles": ["sales_rep"], "manager_id": "$manager"}""")
    val other = engine.idOf(null, "users.create", """{"name": "Wang Fang", "department_id": "$west", "roles": ["sales_rep"]}""")
    engine.call(null, "pipelines.create", """{"code": "standard", "name": "Standard", "stages": [
        {"code": "qualify", "name": "Qualify", "probability": 10},
        {"code": "evaluate", "name": "Evaluate", "probability": 40, "requires_approval": true},
        {"code": "negotiate", "name": "Negotiate", "probability": 80}]}""")

    // The rep's customers, and one of another team.
    var acme = engine.createCustomer(rep, CustomerDraft(name = "深圳华强科技", region = "44/4403", tags = listOf("key-account")))
    check(acme.code == "C-000001" && acme.ownerId == rep, "customer created with code and owner")
    check(acme.createdAt.isAfter(Instant.parse("2026-03-02T00:00:00Z")), "createdAt is an Instant")
    engine.createCustomer(rep, CustomerDraft(name = "广州宏达贸易", region = "44/4401"))
    val foreign = engine.createCustomer(other, CustomerDraft(name = "Chengdu Pumps"))

    val first = engine.listCustomers(rep, CustomerListRequest(limit = 1u))
    val rest = engine.listCustomers(rep, CustomerListRequest(cursor = first.nextCursor))
    check((first.items + rest.items).map { it.name } == listOf("深圳华强科技", "广州宏达贸易"), "own customers, paged")
    check(rest.nextCursor == null, "last page has no cursor")
    check(engine.listCustomers(rep, CustomerListRequest(region = "44/4403")).items.map { it.id } == listOf(acme.id), "region filter")
    acme = engine.updateCustomer(rep, CustomerPatch(id = acme.id, phone = "0755-83761234"))
    check(acme.phone == "0755-83761234", "customer updated")
    val contact = engine.createContact(rep, ContactDraft(customerId = acme.id, name = "陈静"))
    check(contact.isPrimary, "first contact is primary")
    check(engine.listContacts(rep, ContactListRequest(customerId = acme.id)).items.size == 1, "contacts listed")

    // A visit planned for today, then logged as done.
    val visit = engine.createActivity(rep, ActivityDraft(
        kind = ActivityKind.VISIT, subject = "拜访华强", startsAt = Instant.parse("2026-03-02T06:00:00Z"),
        durationMinutes = 90L, customerId = acme.id, contactId = contact.id))
    val task = engine.createActivity(rep, ActivityDraft(kind = ActivityKind.TASK, subject = "报价单", dueDate = today, customerId = acme.id))
    val morning = engine.agenda(rep, AgendaRequest(date = today))
    check(morning.date == today && morning.planned.map { it.id } == listOf(visit.id, task.id), "agenda in the morning")
    val done = engine.completeActivity(rep, CompleteRequest(id = visit.id, outcome = "客户同意下周报价"))
    check(done.status == ActivityStatus.DONE, "visit completed")
    check(engine.getCustomer(rep, acme.id).lastContactAt == done.startsAt, "visit moves last contact")
    check(engine.listActivities(rep, ActivityListRequest(date = today)).items.map { it.id } == listOf(visit.id), "activities of the day")

    // The evaluation gate.
    val opp = engine.createOpportunity(rep, OpportunityDraft(customerId = acme.id, title = "二期设备采购", amount = 5_000_000L))
    engine.advanceOpportunity(rep, AdvanceRequest(id = opp.id, stage = "evaluate"))
    expectError(ErrorCode.INVALID_STATE, "advance before approval") {
        engine.advanceOpportunity(rep, AdvanceRequest(id = opp.id, stage = "negotiate"))
    }
    engine.submitOpportunityForApproval(rep, NoteRequest(id = opp.id, note = "预算已确认"))
    expectError(ErrorCode.PERMISSION_DENIED, "rep approves own") { engine.approveOpportunity(rep, NoteRequest(id = opp.id)) }
    // ORG-5: the manager's phone lists what waits for them and decides it.
    val waiting = engine.pendingApprovals(manager, PendingRequest())
    check(waiting.items.map { it.documentId } == listOf(opp.id), "the manager's pending approvals")
    check(waiting.items[0].customerName == acme.name, "a pending approval names its customer")
    expectError(ErrorCode.PERMISSION_DENIED, "rep decides own") { engine.approveApproval(rep, DecisionRequest(id = waiting.items[0].id)) }
    val decided = engine.approveApproval(manager, DecisionRequest(id = waiting.items[0].id, comment = "同意"))
    check(decided.status == ApprovalState.APPROVED, "manager approves from the list")
    check(engine.pendingApprovals(manager, PendingRequest()).items.isEmpty(), "decided: off the list")
    check(engine.getOpportunity(rep, opp.id).approvalStatus == ApprovalStatus.APPROVED, "the opportunity is approved")
    val moved = engine.advanceOpportunity(rep, AdvanceRequest(id = opp.id, stage = "negotiate"))
    check(moved.stage == "negotiate" && moved.probability == 80L, "advanced past the gate")
    val lost = engine.createOpportunity(rep, OpportunityDraft(customerId = acme.id, title = "Spare parts"))
    engine.loseOpportunity(rep, LoseRequest(id = lost.id, reason = "价格偏高"))
    val won = engine.createOpportunity(rep, OpportunityDraft(customerId = acme.id, title = "Service plan"))
    // OPP-3: winning from qualify would pass the evaluate gate; go through it first.
    expectError(ErrorCode.INVALID_STATE, "win before the gate") { engine.winOpportunity(rep, NoteRequest(id = won.id)) }
    engine.advanceOpportunity(rep, AdvanceRequest(id = won.id, stage = "evaluate"))
    engine.submitOpportunityForApproval(rep, NoteRequest(id = won.id))
    engine.approveOpportunity(manager, NoteRequest(id = won.id))
    check(engine.winOpportunity(rep, NoteRequest(id = won.id)).status == OpportunityStatus.WON, "won")
    check(engine.listMyOpportunities(rep, OpportunityListRequest(status = OpportunityStatus.OPEN)).items.map { it.id } == listOf(opp.id), "my open opportunities")

    // Errors are typed, with code, field and reason.
    val e = expectError(ErrorCode.VALIDATION, "blank name") { engine.createCustomer(rep, CustomerDraft(name = " ")) }
    check(e?.field == "name" && e.reason.isNotEmpty(), "validation names the field")
    expectError(ErrorCode.NOT_FOUND, "another team's customer") { engine.getCustomer(rep, foreign.id) }
    expectError(ErrorCode.NOT_FOUND, "another team's customer, generic call") {
        engine.call(rep, "customers.get", """{"id": "${foreign.id}"}""")
    }
    check(engine.listCustomers(rep, CustomerListRequest()).items.none { it.id == foreign.id }, "not in the rep's list")
    expectError(ErrorCode.UNKNOWN_ACTOR, "unknown actor") { engine.listCustomers("nobody", CustomerListRequest()) }
    expectError(ErrorCode.VALIDATION, "bad fx rate") {
        engine.createOpportunity(rep, OpportunityDraft(customerId = acme.id, title = "T", fxRate = "abc"))
    }
    expectError(ErrorCode.UNKNOWN_METHOD, "unknown method") { engine.call(rep, "customers.explode", "{}") }

    // Reopened from the file, everything is there.
    engine.closeDatabase()
    expectError(ErrorCode.MISUSE, "closed engine") { engine.getCustomer(rep, acme.id) }
    engine.close()
    Engine.open(path).use { again ->
        check(again.listCustomers(rep, CustomerListRequest()).items.size == 2, "customers after reopen")
        check(again.getOpportunity(rep, opp.id).stage == "negotiate", "opportunity after reopen")
        check(again.getActivity(rep, visit.id).outcome == "客户同意下周报价", "activity after reopen")
        check(again.agenda(rep, AgendaRequest(date = today)).planned.map { it.id } == listOf(task.id), "agenda after reopen")
    }
    // The app's error logger receives an internal failure with its causes; the exception carries none.
    val logPath = dir.resolve("log.db").toString()
    val corrupt = Engine.open(logPath, """{"reader_connections": 0}""").use { db ->
        db.call(null, "custom_fields.define", """{"entity": "customer", "key": "note", "label": "Note", "field_type": "text"}""")
        val id = db.createCustomer(null, CustomerDraft(name = "Log Co", custom = """{"note": "QQQQQQ"}""")).id
        db.closeDatabase()
        id
    }
    val file = java.io.File(logPath)
    file.writeBytes(String(file.readBytes(), Charsets.ISO_8859_1)
        .replace("{\"note\":\"QQQQQQ\"}", "[\"note\":\"QQQQQQ\"}").toByteArray(Charsets.ISO_8859_1))
    val logged = java.util.Collections.synchronizedList(mutableListOf<Pair<ErrorCode, List<String>>>())
    val before = reportedErrorCount()
    setErrorLogger(object : ErrorLogger {
        override fun log(code: ErrorCode, causes: List<String>) { logged.add(code to causes) }
    })
    Engine.open(logPath).use { db ->
        val e = expectError(ErrorCode.INTERNAL, "corrupt stored value") { db.getCustomer(null, corrupt) }
        check(e?.reason?.contains("QQQQQQ") == false, "the exception carries no stored value")
    }
    setErrorLogger(null)
    check(logged.size == 1 && logged[0].first == ErrorCode.INTERNAL, "the logger got the failure")
    check(logged.getOrNull(0)?.second?.last()?.contains("line 1 column") == true, "with its innermost cause")
    check(reportedErrorCount() == before + 1uL, "the counter moved")

    inboxAndWithheldFields(options)
    quoteToOrder(options)
    life1ImportProgressAndCancel(options)
    life2ExportAndBackup(dir, """{"test_mode": {"start": "2026-03-02T01:00:00Z", "step_ms": 0, "id_seed": 8}}""")

    // The parity scenario: the same transcript as the Rust API's, byte for byte.
    val parity = java.io.File("tests/parity")
    val transcript = parityTranscript(parity.resolve("scenario.tsv").readText())
    check(transcript.toByteArray() contentEquals parity.resolve("expected.txt").readBytes(), "parity transcript")

    // README's example (extracted from README.md into Readme.kt by scripts/test_mobile.sh).
    val readme = firstCustomer(dir.resolve("readme.db").toString())
    check(readme.code == "C-000001", "README example")
    dir.toFile().deleteRecursively()

    if (failures > 0) {
        System.err.println("Kotlin scenario: $failures of $checks checks failed")
        exitProcess(1)
    }
    println("Kotlin scenario: all $checks checks passed")
}
