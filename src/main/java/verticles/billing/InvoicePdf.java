package verticles.billing;

import com.lowagie.text.Document;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import verticles.bus.BusRequest;
import verticles.bus.LocalTimes;
import verticles.bus.Reply;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/invoices/{id}/pdf} (its student or an admin; others 404 as for the JSON): the invoice as an A4 PDF
 * made with OpenPDF — number, academy ({@code billing.academy_name}), student, course or package, sessions, amount
 * ({@code Rp 250.000}), issue and due dates in the academy's zone ({@code 15 Mei 2025 pukul 01.00 WIB}), status.
 * Indonesian by default, English with {@code lang=en} or {@code Accept-Language: en}. Rendered on a worker thread
 * (a few milliseconds of CPU, kept off the event loop); nothing is stored.
 */
final class InvoicePdf {
  private static final Map<String, Map<String, String>> LABELS = Map.of(
    "id", Map.ofEntries(Map.entry("title", "INVOICE"), Map.entry("number", "Nomor"), Map.entry("student", "Siswa"),
      Map.entry("course", "Kursus"), Map.entry("package", "Paket"), Map.entry("sessions", "Jumlah sesi"),
      Map.entry("description", "Keterangan"), Map.entry("amount", "Jumlah tagihan"), Map.entry("issued", "Tanggal terbit"),
      Map.entry("due", "Jatuh tempo"), Map.entry("paid", "Dibayar"), Map.entry("status", "Status"),
      Map.entry("footer", "Dokumen ini dibuat secara elektronik dan sah tanpa tanda tangan.")),
    "en", Map.ofEntries(Map.entry("title", "INVOICE"), Map.entry("number", "Number"), Map.entry("student", "Student"),
      Map.entry("course", "Course"), Map.entry("package", "Package"), Map.entry("sessions", "Sessions"),
      Map.entry("description", "Description"), Map.entry("amount", "Amount due"), Map.entry("issued", "Issued"),
      Map.entry("due", "Due"), Map.entry("paid", "Paid"), Map.entry("status", "Status"),
      Map.entry("footer", "This document was issued electronically and is valid without a signature.")));
  private static final Map<String, Map<String, String>> STATUSES = Map.of(
    "id", Map.of("unpaid", "Belum dibayar", "pending_review", "Menunggu verifikasi", "paid", "Lunas",
      "expired", "Kedaluwarsa", "cancelled", "Dibatalkan", "refunded", "Dikembalikan"),
    "en", Map.of("unpaid", "Unpaid", "pending_review", "Pending review", "paid", "Paid", "expired", "Expired",
      "cancelled", "Cancelled", "refunded", "Refunded"));

  private final Vertx vertx;
  private final Invoices invoices;
  private final LocalTimes times;
  private final String academy;

  InvoicePdf(Vertx vertx, Invoices invoices, LocalTimes times, String academy) {
    this.vertx = vertx;
    this.invoices = invoices;
    this.times = times;
    this.academy = academy;
  }

  /** GET /api/invoices/{id}/pdf. */
  Future<Reply> pdf(BusRequest req) {
    String lang = req.query().getString("lang");
    String language = lang != null ? lang : req.language();
    return invoices.visible(req.user(), req.pathParam("id"))
      .compose(row -> invoices.render(List.of(row)))
      .compose(list -> {
        JsonObject invoice = list.getJsonObject(0);
        return vertx.executeBlocking(() -> render(invoice, language), false)
          .map(bytes -> Reply.raw(200, "application/pdf", Buffer.buffer(bytes))
            .withHeader("Content-Disposition", "inline; filename=\"" + invoice.getString("number") + ".pdf\""));
      });
  }

  /** The PDF's bytes. */
  byte[] render(JsonObject invoice, String language) {
    Map<String, String> l = LABELS.get(language), statuses = STATUSES.get(language);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Document document = new Document(PageSize.A4, 56, 56, 56, 56);
    PdfWriter.getInstance(document, out);
    document.addTitle(invoice.getString("number"));
    document.addCreator(academy);
    document.open();
    Font heading = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 20);
    Font bold = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 11);
    Font plain = FontFactory.getFont(FontFactory.HELVETICA, 11);
    document.add(new Paragraph(academy, FontFactory.getFont(FontFactory.HELVETICA_BOLD, 14)));
    document.add(new Paragraph(l.get("title"), heading));
    document.add(new Paragraph(" "));
    PdfPTable table = new PdfPTable(new float[]{2, 5});
    table.setWidthPercentage(100);
    row(table, l.get("number"), invoice.getString("number"), bold, plain);
    row(table, l.get("student"), invoice.getString("student_name"), bold, plain);
    row(table, l.get("course"), invoice.getString("course_title"), bold, plain);
    if (invoice.getString("package_name") != null) row(table, l.get("package"), invoice.getString("package_name"), bold, plain);
    if (invoice.getInteger("sessions") != null) row(table, l.get("sessions"), invoice.getInteger("sessions").toString(), bold, plain);
    row(table, l.get("description"), invoice.getString("description"), bold, plain);
    row(table, l.get("amount"), Money.rupiah(invoice.getLong("amount")), bold, bold);
    row(table, l.get("issued"), shown(invoice.getString("issued_at"), language), bold, plain);
    row(table, l.get("due"), shown(invoice.getString("due_at"), language), bold, plain);
    if (invoice.getString("paid_at") != null) row(table, l.get("paid"), shown(invoice.getString("paid_at"), language), bold, plain);
    row(table, l.get("status"), statuses.getOrDefault(invoice.getString("status"), invoice.getString("status")), bold, bold);
    document.add(table);
    document.add(new Paragraph(" "));
    document.add(new Paragraph(l.get("footer"), FontFactory.getFont(FontFactory.HELVETICA_OBLIQUE, 9)));
    document.close();
    return out.toByteArray();
  }

  /** An instant in the academy's zone, with the zone's name: {@code 15 Mei 2025 pukul 01.00 WIB}. */
  private String shown(String iso, String language) {
    return times.dateTime(Instant.parse(iso), language) + " " + times.zoneName();
  }

  private static void row(PdfPTable table, String label, String value, Font labelFont, Font valueFont) {
    PdfPCell name = new PdfPCell(new Phrase(label, labelFont));
    PdfPCell text = new PdfPCell(new Phrase(value == null ? "-" : value, valueFont));
    name.setBorder(0);
    text.setBorder(0);
    name.setPaddingBottom(6);
    text.setPaddingBottom(6);
    table.addCell(name);
    table.addCell(text);
  }
}
