package verticles.chat;

import verticles.bus.ApiTexts;
import verticles.bus.Languages;

/**
 * The system notices a conversation's transcript gets, in the session's language ({@code chat.sessions.language},
 * "id" | "en"; anything else is Indonesian): outside office hours, on "talk to a human", when staff join, when it
 * closes, and the default close reasons. Texts are {@code chat.notice.*} and {@code chat.close.*} of
 * {@code i18n/messages*.properties}; the offline notice may be set by the operator per language
 * ({@code chat.offline_message} Indonesian, {@code chat.offline_message_en} English; empty = the bundle's), with
 * {@code {hours}} and {@code {zone}} filled in.
 */
final class Notices {
  private final String offlineId;
  private final String offlineEn;

  /** {@code offlineId}/{@code offlineEn}: the operator's offline notice templates, null or blank = the bundle's. */
  Notices(OfficeHours hours, String offlineId, String offlineEn) {
    this.offlineId = offlineText(hours, offlineId, Languages.INDONESIAN);
    this.offlineEn = offlineText(hours, offlineEn, Languages.ENGLISH);
  }

  /** The offline notice of a language, made once: the operator's template or the bundle's, filled in. */
  private static String offlineText(OfficeHours hours, String template, String language) {
    String text = blankToNull(template);
    return hours.offlineNotice(text != null ? text : ApiTexts.text("chat.notice.offline", language), language);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }

  /** "id" for anything but "en". */
  static String language(String language) {
    return Languages.ENGLISH.equals(language) ? Languages.ENGLISH : Languages.INDONESIAN;
  }

  /** The offline notice in {@code language}: the office hours in that language and the zone's id. */
  String offline(String language) {
    return Languages.ENGLISH.equals(language) ? offlineEn : offlineId;
  }

  /**
   * The hand-off notice: staff will join shortly ({@code open}), else they reply when back — or, when the offline
   * notice has not been sent yet, the offline notice itself.
   */
  String handoff(boolean open, boolean offlineNoticeSent, String language) {
    String lang = language(language);
    if (open) return ApiTexts.text("chat.notice.handoff", lang);
    return offlineNoticeSent ? ApiTexts.text("chat.notice.handoff.later", lang) : offline(lang);
  }

  /** "Budi joined the conversation." / "Budi bergabung dalam percakapan." */
  String joined(String name, String language) {
    return ApiTexts.format("chat.notice.joined", language(language), name);
  }

  /** "Chat closed: <reason>" / "Chat ditutup: <reason>" (the reason as given). */
  String closed(String reason, String language) {
    return ApiTexts.format("chat.notice.closed", language(language), reason);
  }

  /** The close reason when none is given: "Closed by staff" / "Closed by the visitor" (Indonesian: "Ditutup oleh …"). */
  String closeReason(boolean byStaff, String language) {
    return ApiTexts.text(byStaff ? "chat.close.staff" : "chat.close.visitor", language(language));
  }
}
