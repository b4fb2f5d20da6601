package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import verticles.bus.BusRequest;
import verticles.bus.Events;
import verticles.bus.Outbox;
import verticles.bus.Reply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/users/import} (admin; issue 16, seed 003 §1.2.3): DIKE students from a CSV file ({@link StudentCsv};
 * the router forwards the uploaded file as text in {@code body.file}). Every valid row whose email and NIM are free
 * becomes a student account of type DIKE, {@code pending} until its password is set, and is invited
 * ({@link Invitations}: a set-password link by email) — all rows of a file in one transaction, so a failure imports
 * none and emails nobody. A row whose email already belongs to a student with the same NIM is {@code skipped} (it was
 * imported before: importing a file again adds nothing and emails nobody); an email of another account, or a NIM of
 * another email, is reported like a bad row, and nothing about that account changes. The race with a concurrent
 * import or registration is settled by the unique indexes (email, NIM) with {@code ON CONFLICT DO NOTHING}; the rows
 * that lost are then classified the same way.
 */
final class StudentImport {
  private final Vertx vertx;
  private final Pool db;
  private final Events events;
  private final Outbox outbox;
  private final Invitations invitations;

  StudentImport(Vertx vertx, Pool db, Events events, Outbox outbox, Invitations invitations) {
    this.vertx = vertx;
    this.db = db;
    this.events = events;
    this.outbox = outbox;
    this.invitations = invitations;
  }

  /** → 200 {total_processed, imported, skipped, errors: [{row, field, message}]}; a file that is not such a CSV → 400. */
  Future<Reply> importStudents(BusRequest req) {
    String text = req.body().getString("file");
    String admin = req.user().id();
    return vertx.executeBlocking(() -> StudentCsv.read(text), false)
      .compose(sheet -> db.withTransaction(conn -> store(conn, sheet.students(), admin)).map(outcome -> {
        if (!outcome.imported().isEmpty()) outbox.flush();
        for (Map.Entry<UUID, StudentCsv.Student> account : outcome.imported().entrySet()) {
          events.publish("user.registered", new JsonObject().put("user_id", account.getKey().toString())
            .put("email", account.getValue().email()).put("role", "student"), admin);
        }
        List<StudentCsv.Problem> problems = new ArrayList<>(sheet.problems());
        problems.addAll(outcome.problems());
        problems.sort(Comparator.comparingInt(StudentCsv.Problem::line));
        JsonArray errors = new JsonArray();
        problems.forEach(p -> errors.add(p.json()));
        JsonObject data = new JsonObject().put("total_processed", sheet.total()).put("imported", outcome.imported().size())
          .put("skipped", outcome.skipped()).put("errors", errors);
        return Reply.ok(data, "Imported " + outcome.imported().size() + " of " + sheet.total() + " students; "
          + outcome.skipped() + " already had their account, " + problems.size() + " problem(s) reported");
      }));
  }

  /** What storing the valid rows did: the accounts created (id → row), rows skipped, rows refused by the database. */
  private record Outcome(Map<UUID, StudentCsv.Student> imported, int skipped, List<StudentCsv.Problem> problems) {
  }

  private Future<Outcome> store(SqlConnection conn, List<StudentCsv.Student> students, String admin) {
    if (students.isEmpty()) return Future.succeededFuture(new Outcome(Map.of(), 0, List.of()));
    int n = students.size();
    String[] emails = new String[n], names = new String[n], nims = new String[n];
    for (int i = 0; i < n; i++) {
      emails[i] = students.get(i).email();
      names[i] = students.get(i).name();
      nims[i] = students.get(i).nim();
    }
    return conn.preparedQuery(AuthSql.RELEASE_UNPROVEN_NIMS).execute(Tuple.tuple().addArrayOfString(nims).addArrayOfString(emails))
      .compose(released -> conn.preparedQuery(AuthSql.INSERT_IMPORTED_STUDENTS)
        .execute(Tuple.tuple().addArrayOfString(emails).addArrayOfString(names).addArrayOfString(nims))).compose(rows -> {
      Map<String, UUID> created = new HashMap<>();
      for (Row row : rows) created.put(row.getString("email"), row.getUUID("id"));
      Map<UUID, StudentCsv.Student> imported = new HashMap<>();
      List<StudentCsv.Student> taken = new ArrayList<>();
      List<Invitations.Invitee> invitees = new ArrayList<>();
      for (StudentCsv.Student s : students) {
        UUID id = created.get(s.email());
        if (id == null) {
          taken.add(s);
        } else {
          imported.put(id, s);
          invitees.add(new Invitations.Invitee(id, s.email(), s.name(), "student", null));
        }
      }
      return classify(conn, taken).compose(outcome -> invitations.invite(conn, invitees, admin, true)
        .map(v -> new Outcome(imported, outcome.skipped(), outcome.problems())));
    });
  }

  /**
   * The rows the database did not take: skipped when their email is a student's with the same NIM (imported before),
   * else a problem naming the email or the NIM that another account holds.
   */
  private Future<Outcome> classify(SqlConnection conn, List<StudentCsv.Student> taken) {
    if (taken.isEmpty()) return Future.succeededFuture(new Outcome(Map.of(), 0, List.of()));
    String[] emails = taken.stream().map(StudentCsv.Student::email).toArray(String[]::new);
    String[] nims = taken.stream().map(StudentCsv.Student::nim).toArray(String[]::new);
    return conn.preparedQuery(AuthSql.ACCOUNTS_BY_EMAIL_OR_NIM).execute(Tuple.tuple().addArrayOfString(emails).addArrayOfString(nims)).map(rows -> {
      Map<String, Row> byEmail = new HashMap<>(), byNim = new HashMap<>();
      for (Row row : rows) {
        // stored addresses are citext, NIMs may be from before this import's normalisation: compare normalised
        byEmail.put(row.getString("email").toLowerCase(Locale.ROOT), row);
        if (row.getString("nim") != null) byNim.put(row.getString("nim").toUpperCase(Locale.ROOT), row);
      }
      int skipped = 0;
      List<StudentCsv.Problem> problems = new ArrayList<>();
      for (StudentCsv.Student s : taken) {
        Row account = byEmail.get(s.email());
        if (account != null && "student".equals(account.getString("role")) && s.nim().equalsIgnoreCase(account.getString("nim"))) {
          skipped++;
        } else if (account != null) {
          problems.add(new StudentCsv.Problem(s.line(), "email", "student".equals(account.getString("role"))
            && account.getString("nim") != null ? "already has an account with another NIM" : "already has an account"));
        } else if (byNim.containsKey(s.nim())) {
          problems.add(new StudentCsv.Problem(s.line(), "nim", "already belongs to another account"));
        } else {
          // the holder was deleted between the insert and this read: the row can be imported on the next attempt
          problems.add(new StudentCsv.Problem(s.line(), "email", "was taken while importing; import the file again"));
        }
      }
      return new Outcome(Map.of(), skipped, problems);
    });
  }
}
