package verticles.auth;

import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import verticles.bus.ApiError;
import verticles.bus.Emails;
import verticles.bus.ErrorCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The file of the DIKE student import ({@code POST /api/users/import}, issue 16, seed 003 §1.2.3), read with Apache
 * Commons CSV: UTF-8 text with or without a byte-order mark, the header {@code name,nim,email} (any order, any case),
 * fields separated by {@code ,} or {@code ;} (the header's separator; spreadsheets in Indonesian locales export
 * {@code ;}), RFC 4180 quotes (a name may hold the separator or a quote), at most {@value #MAX_ROWS} rows. Blank lines
 * and rows with every field blank are left out. Each row is checked on its own: a bad row is reported (its line, the
 * field, why) and the others go on. Pure: runs on a worker (parsing a 1 MB file is CPU work).
 */
final class StudentCsv {
  static final int MAX_ROWS = 5_000;
  static final int MAX_NAME = 200;
  /**
   * The NIM (student number) of a DIKE student, as issue 16 writes it: {@code NN/NNNNNN/XX/NNNNN}; the seed's own
   * example ({@code 24/000000/PA/000000}) has six final digits, so five or six are accepted. Letters are upper case
   * (lower case input is raised).
   */
  static final Pattern NIM = Pattern.compile("[0-9]{2}/[0-9]{6}/[A-Z]{2}/[0-9]{5,6}");
  private static final List<String> COLUMNS = List.of("name", "nim", "email");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

  /** A valid row, normalised: name trimmed, NIM upper case, email lower case. {@code line}: where the row starts. */
  record Student(int line, String name, String nim, String email) {
  }

  /** Why a row is refused: its line (the header is line 1), the field (name, nim, email, or row) and the reason. */
  record Problem(int line, String field, String message) {
    JsonObject json() {
      return new JsonObject().put("row", line).put("field", field).put("message", message);
    }
  }

  /** The rows of a file: how many (blank ones left out), the valid ones and the problems of the others. */
  record Sheet(int total, List<Student> students, List<Problem> problems) {
  }

  private StudentCsv() {
  }

  /**
   * Reads a file's text.
   *
   * @throws ApiError 400 {@code VALIDATION_ERROR} on {@code file} when it is not such a CSV at all: empty, another
   *                  header, broken quoting, or more than {@value #MAX_ROWS} rows
   */
  static Sheet read(String text) {
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    if (text.isBlank()) throw notCsv("is empty; the first line must be the header name,nim,email");
    int firstBreak = text.indexOf('\n');
    String headerLine = firstBreak < 0 ? text : text.substring(0, firstBreak);
    char separator = headerLine.indexOf(';') >= 0 && headerLine.indexOf(',') < 0 ? ';' : ',';
    CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(separator).setIgnoreEmptyLines(false).setTrim(true).get();
    try (CSVParser parser = CSVParser.parse(text, format)) {
      Iterator<CSVRecord> records = parser.iterator();
      Map<String, Integer> columns = header(records, parser);
      List<Student> students = new ArrayList<>();
      List<Problem> problems = new ArrayList<>();
      Map<String, Integer> emails = new HashMap<>(), nims = new HashMap<>();
      int total = 0;
      long linesRead = parser.getCurrentLineNumber();
      while (hasNext(records, parser)) {
        CSVRecord record = records.next();
        int line = (int) linesRead + 1;
        linesRead = parser.getCurrentLineNumber();
        if (blank(record)) continue;
        if (++total > MAX_ROWS) throw notCsv("has more than " + MAX_ROWS + " rows; split it into several files");
        if (record.size() != COLUMNS.size()) {
          problems.add(new Problem(line, "row", "has " + record.size() + " field(s); expected 3: name, nim, email"));
          continue;
        }
        Student student = new Student(line, record.get(columns.get("name")),
          record.get(columns.get("nim")).toUpperCase(Locale.ROOT), record.get(columns.get("email")).toLowerCase(Locale.ROOT));
        int before = problems.size();
        checkName(student, problems);
        checkNim(student, nims, problems);
        checkEmail(student, emails, problems);
        if (problems.size() == before) students.add(student);
      }
      return new Sheet(total, students, problems);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a String: never happens
    }
  }

  /** The header's column positions; anything but name, nim and email once each is not this file. */
  private static Map<String, Integer> header(Iterator<CSVRecord> records, CSVParser parser) {
    CSVRecord header = hasNext(records, parser) ? records.next() : null;
    Map<String, Integer> columns = new HashMap<>();
    if (header != null) {
      for (int i = 0; i < header.size(); i++) columns.put(header.get(i).toLowerCase(Locale.ROOT), i);
    }
    if (header == null || header.size() != COLUMNS.size() || !columns.keySet().containsAll(COLUMNS)) {
      throw notCsv("must start with the header name,nim,email (separated by , or ;)");
    }
    return columns;
  }

  /** Broken quoting (a quote never closed, text after a closing quote) is found while reading the next record. */
  private static boolean hasNext(Iterator<CSVRecord> records, CSVParser parser) {
    try {
      return records.hasNext();
    } catch (UncheckedIOException | IllegalStateException e) {
      throw notCsv("is not a valid CSV file: broken quotes after line " + parser.getCurrentLineNumber());
    }
  }

  private static boolean blank(CSVRecord record) {
    for (String value : record) if (!value.isEmpty()) return false;
    return true;
  }

  private static void checkName(Student s, List<Problem> problems) {
    if (s.name().isEmpty()) problems.add(new Problem(s.line(), "name", "is required"));
    else if (s.name().length() > MAX_NAME) problems.add(new Problem(s.line(), "name", "is longer than " + MAX_NAME + " characters"));
    else if (CONTROL.matcher(s.name()).find()) problems.add(new Problem(s.line(), "name", "must be one line without control characters"));
  }

  private static void checkNim(Student s, Map<String, Integer> seen, List<Problem> problems) {
    if (s.nim().isEmpty()) problems.add(new Problem(s.line(), "nim", "is required"));
    else if (!NIM.matcher(s.nim()).matches()) {
      problems.add(new Problem(s.line(), "nim", "must have the form NN/NNNNNN/XX/NNNNN, e.g. 24/000000/PA/00000"));
    } else {
      Integer first = seen.putIfAbsent(s.nim(), s.line());
      if (first != null) problems.add(new Problem(s.line(), "nim", "appears twice in the file (first on line " + first + ")"));
    }
  }

  private static void checkEmail(Student s, Map<String, Integer> seen, List<Problem> problems) {
    if (s.email().isEmpty()) problems.add(new Problem(s.line(), "email", "is required"));
    else if (!Emails.valid(s.email())) problems.add(new Problem(s.line(), "email", "is not a valid email address"));
    else {
      Integer first = seen.putIfAbsent(s.email(), s.line());
      if (first != null) problems.add(new Problem(s.line(), "email", "appears twice in the file (first on line " + first + ")"));
    }
  }

  private static ApiError notCsv(String why) {
    return ErrorCode.VALIDATION_ERROR.forField("file", why);
  }
}
