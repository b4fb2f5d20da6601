package verticles.notify;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shipped email templates (issue 15; {@code src/main/resources/email/<id>.yaml}): each a name, its variables with
 * their types, and per language ({@code id} default, {@code en}) a subject, an HTML and a plain-text part in Mustache.
 * Admins may replace a language's parts ({@code notify.templates}); a replacement may use only the template's
 * variables. Values are HTML-escaped in the HTML part only; the subject is one line.
 * <p>
 * Variable types: {@code text}, {@code url}, {@code money} (rupiah), {@code date}, {@code datetime}, {@code time}
 * (shown by {@link Formats} in the recipient's language and the academy's zone) and {@code list} (of text, for
 * {@code {{#steps}}…{{.}}…{{/steps}}}). An empty value is false in a section, so optional parts read
 * {@code {{#access_code}}…{{/access_code}}}.
 */
final class Templates {
  static final List<String> IDS = List.of("registration-received", "enrollment-approved", "enrollment-rejected",
    "enrollment-cancelled", "class-reminder", "account-invitation", "password-reset", "email-verification",
    "payment-confirmation", "enrollment-confirmation", "assignment-published", "assignment-reminder",
    "submission-graded",
    // billing (issue 18, w18a)
    "invoice-issued", "invoice-expired");
  static final List<String> LANGUAGES = List.of("id", "en");
  private static final Set<String> TYPES = Set.of("text", "url", "money", "date", "datetime", "time", "list");

  /** One language's parts. */
  record Parts(String subject, String html, String text) {
  }

  /** A template as shipped: its variables (name → type) and its parts per language. */
  record Shipped(String id, String name, Map<String, String> variables, Map<String, Parts> parts) {
    JsonArray variableNames() {
      return new JsonArray(new ArrayList<>(variables.keySet()));
    }
  }

  /** A rendered email. */
  record Rendered(String subject, String html, String text) {
  }

  private static final Mustache.Compiler HTML = Mustache.compiler().escapeHTML(true).emptyStringIsFalse(true).zeroIsFalse(false);
  private static final Mustache.Compiler PLAIN = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true).zeroIsFalse(false);

  private final Map<String, Shipped> shipped = new LinkedHashMap<>();
  private final Formats formats;

  Templates(Formats formats) {
    this.formats = formats;
    for (String id : IDS) {
      Shipped template = read(id);
      for (Parts parts : template.parts().values()) {
        Problem problem = problem(template, parts);
        if (problem != null) throw new IllegalStateException("Shipped template " + id + ", " + problem.field() + ": " + problem.why());
      }
      shipped.put(id, template);
    }
  }

  Shipped get(String id) {
    return shipped.get(id);
  }

  List<Shipped> all() {
    return List.copyOf(shipped.values());
  }

  /** The parts the template has in {@code language}, replaced by {@code override} where an admin changed them. */
  static Parts effective(Shipped template, String language, Parts override) {
    return override != null ? override : template.parts().get(language);
  }

  /** Renders {@code parts} with {@code variables} (as the caller sent them) formatted for {@code language}. */
  Rendered render(Shipped template, Parts parts, JsonObject variables, String language) {
    Map<String, Object> context = new LinkedHashMap<>();
    template.variables().forEach((name, type) -> context.put(name, value(type, variables.getValue(name), language)));
    String subject = PLAIN.compile(parts.subject()).execute(context).replaceAll("[\\r\\n]+", " ").strip();
    return new Rendered(subject, HTML.compile(parts.html()).execute(context), PLAIN.compile(parts.text()).execute(context));
  }

  private Object value(String type, Object raw, String language) {
    if (type.equals("list")) {
      List<String> items = new ArrayList<>();
      if (raw instanceof JsonArray array) array.forEach(item -> items.add(String.valueOf(item)));
      return items;
    }
    if (raw == null || raw.toString().isBlank()) return "";
    return switch (type) {
      case "money" -> formats.money(raw, language);
      case "date" -> formats.date(raw, language);
      case "datetime" -> formats.dateTime(raw, language);
      case "time" -> formats.time(raw, language);
      default -> raw.toString();
    };
  }

  /** Why a part cannot be saved, and the API field it came from. */
  record Problem(String field, String why) {
  }

  /** A value shown unescaped ({@code {{{name}}}}, {@code {{& name}}}) or a change of delimiters. */
  private static final Pattern UNESCAPED = Pattern.compile("\\{\\{\\s*[{&]"), DELIMITERS = Pattern.compile("\\{\\{\\s*=");

  /** The first problem of {@code parts} as this template's (subject, then HTML, then text), or null when they can be. */
  static Problem problem(Shipped template, Parts parts) {
    String why = problem(template, parts.subject(), false);
    if (why != null) return new Problem("subject", why);
    why = problem(template, parts.html(), true);
    if (why != null) return new Problem("html_content", why);
    why = problem(template, parts.text(), false);
    return why == null ? null : new Problem("text_content", why);
  }

  /**
   * Why {@code source} cannot be one of this template's parts — a Mustache syntax error, a tag left open, a partial, a
   * change of delimiters, in the HTML part a value shown unescaped (values are always HTML-escaped there), or a
   * variable the template does not offer (named) — or null when it can.
   */
  private static String problem(Shipped template, String source, boolean html) {
    if (DELIMITERS.matcher(source).find()) return "changing the delimiters ({{=…=}}) is not supported";
    if (html && UNESCAPED.matcher(source).find()) {
      return "values are always HTML-escaped in the HTML part: use {{name}}, not {{{name}}} or {{& name}}";
    }
    Template compiled;
    try {
      compiled = PLAIN.compile(source);
    } catch (RuntimeException e) { // jmustache also throws other exceptions than its own, e.g. for "{{ }}"
      return "not a valid template: " + (e instanceof MustacheException ? e.getMessage() : "a tag without a name");
    }
    Set<String> used = new LinkedHashSet<>();
    List<String> partials = new ArrayList<>(), unclosed = new ArrayList<>();
    compiled.visit(new Mustache.Visitor() {
      @Override public void visitText(String text) {
        // jmustache keeps a tag that never closes ("Hello {{name") as text: the email would show it
        int open = text.indexOf("{{");
        if (open >= 0) unclosed.add(text.substring(open, Math.min(text.length(), open + 30)));
      }

      @Override public void visitVariable(String name) {
        used.add(name);
      }

      @Override public boolean visitInclude(String name) {
        partials.add(name);
        return false;
      }

      @Override public boolean visitSection(String name) {
        used.add(name);
        return true;
      }

      @Override public boolean visitInvertedSection(String name) {
        used.add(name);
        return true;
      }
    });
    if (!unclosed.isEmpty()) return "not a valid template: a tag that is not closed (" + unclosed.get(0) + ")";
    if (!partials.isEmpty()) return "partials are not supported ({{> " + partials.get(0) + "}})";
    for (String name : used) {
      if (!template.variables().containsKey(name) && !name.equals(".") && !name.equals("this")) {
        return "the variable '" + name + "' is not one of this template's (" + String.join(", ", template.variables().keySet()) + ")";
      }
    }
    return null;
  }

  /** The 400 for a template an admin cannot save, naming the field and, in its message, the variable. */
  static ApiError invalid(Problem problem) {
    return ErrorCode.NOTIFY_TEMPLATE_INVALID.error("The template's " + problem.field() + " cannot be used: " + problem.why(),
      ApiError.fieldDetails(problem.field(), ErrorCode.NOTIFY_TEMPLATE_INVALID.name(), problem.why()));
  }

  @SuppressWarnings("unchecked")
  private static Shipped read(String id) {
    String path = "email/" + id + ".yaml";
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("Missing " + path);
      Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Map<String, String> variables = new LinkedHashMap<>();
      ((Map<String, Object>) yaml.get("variables")).forEach((name, type) -> {
        if (!TYPES.contains(String.valueOf(type))) throw new IllegalStateException(path + ": unknown type " + type);
        variables.put(name, String.valueOf(type));
      });
      Map<String, Parts> parts = new LinkedHashMap<>();
      for (String language : LANGUAGES) {
        Map<String, String> part = (Map<String, String>) yaml.get(language);
        if (part == null) throw new IllegalStateException(path + ": no " + language + " parts");
        parts.put(language, new Parts(part.get("subject"), part.get("html"), part.get("text")));
      }
      return new Shipped(id, String.valueOf(yaml.get("name")), variables, parts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
