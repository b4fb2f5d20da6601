package verticles.chat;

/** The system notices a conversation gets: outside office hours and on "talk to a human". */
record Notices(OfficeHours hours, String offlineTemplate) {

  String offline() {
    return hours.offlineNotice(offlineTemplate);
  }

  String handoff(boolean open, boolean offlineNoticeSent) {
    if (open) return "We've let our team know. A staff member will join this conversation shortly.";
    return offlineNoticeSent ? "We've let our team know; they will reply when they are back." : offline();
  }
}
