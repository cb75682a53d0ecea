// ErpHost.java: a JVM ERP embedding Rapport through its C ABI with JNA (no JNI code to write).
//
//   javac -cp /usr/share/java/jna.jar ErpHost.java
//   java -Djna.library.path=<dir of librapport.so> -cp .:/usr/share/java/jna.jar ErpHost crm.db
//
// Strings cross as UTF-8; every answer string is freed with rapport_free; a failed call becomes a
// RapportException carrying the stable code.

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class ErpHost {
    /** The entry points of rapport.h. */
    public interface RapportLibrary extends Library {
        RapportLibrary C = Native.load("rapport", RapportLibrary.class,
                Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

        int rapport_open(String path, String optionsJson, PointerByReference outDb);
        int rapport_close(Pointer db);
        int rapport_call(Pointer db, String actorId, String method, String requestJson, PointerByReference outResponseJson);
        void rapport_free(Pointer s);
        int rapport_errcode(Pointer db);
        String rapport_errmsg(Pointer db);
        String rapport_errstr(int rc);
        String rapport_libversion();
        int rapport_libversion_number();
    }

    /** A failed call: the RAPPORT_* code and the error JSON. */
    public static final class RapportException extends RuntimeException {
        public final int code;
        public final String errorJson;

        RapportException(int code, String message, String errorJson) {
            super(message + " (code " + code + ")");
            this.code = code;
            this.errorJson = errorJson;
        }
    }

    /** One open database; safe to share between threads. */
    public static final class Rapport implements AutoCloseable {
        public static final int NOT_FOUND = 3, VALIDATION = 5, UNKNOWN_METHOD = 9;
        private final Pointer db;

        public Rapport(String path, String optionsJson) {
            PointerByReference out = new PointerByReference();
            int rc = RapportLibrary.C.rapport_open(path, optionsJson, out);
            db = out.getValue();
            if (rc != 0) {
                String message = RapportLibrary.C.rapport_errmsg(db);
                RapportLibrary.C.rapport_close(db);
                throw new RapportException(rc, message, null);
            }
        }

        /** Runs a method; actor null is the host acting as system. */
        public String call(String actor, String method, String requestJson) {
            PointerByReference out = new PointerByReference();
            int rc = RapportLibrary.C.rapport_call(db, actor, method, requestJson, out);
            Pointer answer = out.getValue();
            String json = answer == null ? null : answer.getString(0, "UTF-8");
            RapportLibrary.C.rapport_free(answer);
            if (rc != 0) {
                throw new RapportException(rc, RapportLibrary.C.rapport_errmsg(db), json);
            }
            return json;
        }

        @Override
        public void close() {
            RapportLibrary.C.rapport_close(db);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
        return m.group(1);
    }

    private static int failures = 0;

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("check failed: " + what);
            failures++;
        }
    }

    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "erp_jvm.db";
        check(RapportLibrary.C.rapport_libversion_number() >= 1000, "version number");
        System.out.println("Rapport " + RapportLibrary.C.rapport_libversion() + " from the JVM");

        try (Rapport crm = new Rapport(path, "{\"create_if_missing\": true}")) {
            String dept = field(crm.call(null, "departments.create",
                    "{\"external_ref\": \"JVM-D-1\", \"name\": \"华北销售部\"}"), "id");
            String rep = field(crm.call(null, "users.create", "{\"external_ref\": \"JVM-U-1\", \"name\": \"赵磊\", "
                    + "\"department_id\": \"" + dept + "\", \"roles\": [\"sales_rep\"]}"), "id");
            String customer = crm.call(rep, "customers.create",
                    "{\"external_ref\": \"JVM-K-1\", \"name\": \"北京远航物流有限公司\", \"region\": \"11/1101\"}");
            String id = field(customer, "id");
            String read = crm.call(rep, "customers.get", "{\"id\": \"" + id + "\"}");
            check(field(read, "name").equals("北京远航物流有限公司"), "UTF-8 names round-trip");
            System.out.println("customer " + field(read, "code") + " " + field(read, "name"));

            try {
                crm.call(rep, "customers.create", "{\"name\": \"\"}");
                check(false, "an empty name is refused");
            } catch (RapportException e) {
                check(e.code == Rapport.VALIDATION && e.errorJson.contains("\"field\":\"name\""), "validation on name");
                System.out.println("refused as expected: " + RapportLibrary.C.rapport_errstr(e.code));
            }
            try {
                crm.call(null, "customers.frobnicate", "{}");
                check(false, "an unknown method is refused");
            } catch (RapportException e) {
                check(e.code == Rapport.UNKNOWN_METHOD, "unknown_method");
            }
        }
        try (Rapport again = new Rapport(path, null)) {
            String list = again.call(null, "customers.list", "{\"limit\": 10}");
            check(list.contains("北京远航物流有限公司"), "the reopened file holds the customer");
        }
        if (failures > 0) {
            System.err.println("ErpHost: " + failures + " check(s) failed");
            System.exit(1);
        }
        System.out.println("ErpHost: all checks passed");
    }
}
