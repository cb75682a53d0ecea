// The parity scenario through the uniffi Kotlin bindings (tests/parity/scenario.tsv); Main.kt checks that its
// transcript equals tests/parity/expected.txt byte for byte.

import uniffi.rapport.Engine
import uniffi.rapport_core.RapportException

private val keptName = Regex("\\$([A-Za-z0-9_]+)")
// The answer's own id: its first key, at the top level (no JSON library in this host).
private val ownId = Regex("^\\{\"id\":\"([^\"]+)\"")

/** Replays the scenario's steps (format in scenario.tsv) and returns the transcript. */
fun parityTranscript(scenario: String): String {
    var engine: Engine? = null
    val kept = HashMap<String, String>()
    val out = StringBuilder()
    fun substitute(text: String) = keptName.replace(text) { kept.getValue(it.groupValues[1]) }
    for (line in scenario.split("\n")) {
        if (line.isEmpty() || line.startsWith("#")) continue
        val fields = line.split("\t")
        if (fields[0] == "@open") {
            engine = Engine.openInMemory(fields[1])
            continue
        }
        val (keep, actor, method, request) = fields
        try {
            val answer = engine!!.call(if (actor == "-") null else substitute(actor), method, substitute(request))
            if (keep != "-") kept[keep] = ownId.find(answer)!!.groupValues[1]
            out.append(method).append("\tok\t").append(answer).append('\n')
        } catch (e: RapportException.Failure) {
            out.append("$method\terror\t${e.code.name.lowercase()}\t${e.field ?: "-"}\t${e.reason}\n")
        }
    }
    engine?.close()
    return out.toString()
}
