/*
 * The staff console's texts, Indonesian first (issue 20), and the academy's formats: dates and times in the academy
 * zone (Asia/Jakarta, "15 Mei 2025 pukul 01.00 WIB"), money "Rp 250.000". The language lives in
 * localStorage['academy.lang'] ('id' by default, or 'en'), the key the public pages and common.js's Accept-Language
 * read too, so the API answers (messages, errors) in the same language.
 * Static markup names its text with data-i18n="key" (data-i18n-placeholder, data-i18n-label for aria-label).
 */
const KEY = 'academy.lang';
export const ZONE = 'Asia/Jakarta';

const id = {
  skip: 'Langsung ke isi', title: 'Konsol staf', language: 'Bahasa', logout: 'Keluar', menu: 'Menu',
  reload: 'Muat ulang', search: 'Cari', actions: 'Tindakan', close: 'Tutup', save: 'Simpan', edit: 'Ubah',
  loading: 'Memuat…', saving: 'Menyimpan…', done: 'Selesai.', none: 'Tidak ada data.', yes: 'ya', no: 'tidak',
  'nav.home': 'Beranda', 'nav.registrations': 'Pendaftaran', 'nav.calendar': 'Kalender', 'nav.attendance': 'Presensi',
  'nav.courses': 'Kursus', 'nav.rooms': 'Ruangan', 'nav.instructors': 'Instruktur', 'nav.students': 'Siswa',
  'nav.payments': 'Pembayaran', 'nav.emails': 'Log email',
  'role.admin': 'admin', 'role.instructor': 'instruktur', 'role.student': 'siswa',
  'setpw.title': 'Atur kata sandi Anda',
  'setpw.intro': 'Pilih kata sandi untuk akun staf baru Anda: minimal 10 karakter, dengan tiga dari huruf kecil, huruf '
    + 'besar, angka dan simbol. Tautan di email undangan hanya berlaku sekali.',
  'setpw.new': 'Kata sandi baru', 'setpw.submit': 'Simpan kata sandi',
  'setpw.done': 'Kata sandi Anda sudah diatur. Masuk dengan email dan kata sandi baru.',
  'login.title': 'Masuk staf', 'login.email': 'Email', 'login.password': 'Kata sandi', 'login.submit': 'Masuk',
  'login.staffOnly': 'Konsol ini untuk admin dan instruktur.',
  'login.ended': 'Sesi Anda telah berakhir. Silakan masuk lagi.',
  'login.otherTab': 'Sesi ini sedang dipakai di tab lain. Masuk lagi untuk memakai konsol di tab ini juga.',
  'dash.title': 'Dasbor', 'dash.students': 'Siswa', 'dash.pending': 'Pendaftaran menunggu',
  'dash.approved': 'Disetujui bulan ini', 'dash.attendance': 'Tingkat kehadiran', 'dash.revenue': 'Pendapatan (total)',
  'dash.revenueMonth': 'Pendapatan bulan ini', 'dash.trend': 'Pendaftaran per bulan',
  'dash.trendCaption': 'Pendaftaran per bulan (12 bulan terakhir)', 'dash.enrollments': 'Pendaftaran',
  'dash.attendanceChart': 'Kehadiran', 'dash.attendanceCaption': 'Kehadiran (catatan yang sudah diisi)',
  'dash.csv': 'Unduh CSV', 'dash.updated': 'Diperbarui {time} setelah {event}', 'dash.aChange': 'sebuah perubahan',
  'dash.barPending': 'Menunggu', 'dash.barApproved': 'Disetujui (bln)', 'dash.barAll': 'Semua',
  'dash.barAttended': 'Hadir', 'dash.barAbsent': 'Absen', 'dash.monthTitle': '{month}: {count} pendaftaran',
  live: 'live', connecting: 'menghubungkan…', reconnecting: 'menyambung ulang…', 'live.refused': 'ditolak ({reason})',
  'chat.inbox': 'Kotak masuk', 'chat.claim': 'Ambil', 'chat.tags': 'Tag', 'chat.saveTags': 'Simpan tag',
  'chat.resolve': 'Tandai selesai', 'chat.close': 'Tutup', 'chat.typing': 'Pengunjung sedang mengetik…',
  'chat.reply': 'Balas', 'chat.replyPlaceholder': 'Balas…', 'chat.send': 'Kirim', 'chat.noMessages': '(belum ada pesan)',
  'chat.wantsHuman': 'minta staf', 'chat.assigned': 'ditangani', 'chat.visitor': 'Pengunjung', 'chat.notice': 'Pemberitahuan',
  'chat.bot': 'Asisten (bot)', 'chat.staff': 'Staf', 'chat.status': 'Status: {status}', 'chat.owner': 'ditangani {name}',
  'chat.unclaimed': 'belum diambil', 'chat.topic': 'topik: {topic}', 'chat.resolved': 'selesai',
  'chat.closedBecause': 'Ditutup: {reason}', 'chat.seen': 'Dilihat pengunjung',
  'chat.notSent': 'Tidak terkirim',
  'status.pending': 'menunggu', 'status.approved': 'disetujui', 'status.rejected': 'ditolak',
  'status.cancelled': 'dibatalkan', 'status.expired': 'kedaluwarsa', 'status.active': 'aktif',
  'status.suspended': 'ditangguhkan', 'status.scheduled': 'terjadwal', 'status.waiting': 'menunggu', 'status.closed': 'ditutup',
  'reg.title': 'Pendaftaran', 'reg.status': 'Status', 'reg.all': 'Semua (menunggu dulu)',
  'reg.number': 'No. pendaftaran {number}', 'reg.registered': 'Mendaftar {when}', 'reg.preferences': 'Preferensi',
  'reg.guardian': 'Wali', 'reg.notes': 'Catatan', 'reg.referral': 'Tahu dari', 'reg.reason': 'Alasan penolakan',
  'reg.approve': 'Setujui', 'reg.reject': 'Tolak', 'reg.cancel': 'Batalkan', 'reg.whatsapp': 'WhatsApp',
  'reg.whatsappLabel': 'Kirim WhatsApp ke {name}', 'reg.class': 'Kelas', 'reg.noClass': '— tanpa kelas (atur nanti) —',
  'reg.approveTitle': 'Setujui {number}', 'reg.rejectTitle': 'Tolak {number}', 'reg.cancelTitle': 'Batalkan {number}',
  'reg.cancelConfirm': 'Batalkan pendaftaran ini? Pemohon akan menerima email.', 'reg.empty': 'Tidak ada pendaftaran.',
  'reg.approved': 'Pendaftaran {number} disetujui.', 'reg.rejected': 'Pendaftaran {number} ditolak.',
  'reg.cancelled': 'Pendaftaran {number} dibatalkan.', 'reg.readOnly': 'Hanya admin yang memutuskan pendaftaran.',
  'reg.expires': 'kedaluwarsa {when}',
  'pref.experience_level': 'Pengalaman', 'pref.time_preferences': 'Waktu', 'pref.preferred_days': 'Hari',
  'pref.preferred_time_range': 'Jam', 'pref.start_date_target': 'Mulai', 'pref.instrument_owned': 'Punya alat musik',
  'pref.preferred_schedule_ids': 'Kelas pilihan',
  'day.monday': 'Senin', 'day.tuesday': 'Selasa', 'day.wednesday': 'Rabu', 'day.thursday': 'Kamis', 'day.friday': 'Jumat',
  'day.saturday': 'Sabtu', 'day.sunday': 'Minggu',
  'cal.title': 'Kalender', 'cal.view': 'Tampilan', 'cal.byRoom': 'per ruangan', 'cal.byInstructor': 'per instruktur',
  'cal.which': 'Ruangan / instruktur', 'cal.room': 'Ruangan', 'cal.instructor': 'Instruktur',
  'cal.prev': '← Minggu lalu', 'cal.today': 'Minggu ini', 'cal.next': 'Minggu depan →',
  'cal.zone': 'Waktu akademi (WIB, Asia/Jakarta)',
  'cal.help': 'Klik slot kosong untuk membuat kelas; klik kelas untuk memindahkan atau membatalkannya.',
  'cal.free': 'Slot kosong {when}: buat kelas', 'cal.newTitle': 'Kelas baru, {when}', 'cal.course': 'Kursus',
  'cal.start': 'Mulai (WIB)', 'cal.date': 'Tanggal', 'cal.duration': 'Durasi (menit)', 'cal.online': 'Daring (tanpa ruangan)',
  'cal.meetingUrl': 'Tautan kelas daring (https://…)', 'cal.topic': 'Topik', 'cal.weekly': 'Ulangi setiap minggu',
  'cal.weeks': 'Jumlah minggu', 'cal.create': 'Buat kelas', 'cal.created': 'Kelas dibuat.',
  'cal.seriesCreated': '{count} kelas dibuat.', 'cal.classTitle': '{course}, {when}', 'cal.move': 'Pindahkan',
  'cal.cancelClass': 'Batalkan kelas', 'cal.moved': 'Kelas dipindahkan.', 'cal.cancelled': 'Kelas dibatalkan.',
  'cal.conflict': 'Bentrok dengan:', 'cal.conflictWith': '{course} — {when} ({resource}: {name})',
  'cal.conflictRoom': 'ruangan', 'cal.conflictInstructor': 'instruktur', 'cal.nothing': 'Belum ada ruangan atau instruktur.',
  'cal.enrolled': '{count} siswa', 'cal.onlineShort': 'daring', 'cal.pickFirst': 'Pilih ruangan atau instruktur.',
  'att.title': 'Presensi hari ini', 'att.instructor': 'Instruktur', 'att.none': 'Tidak ada kelas hari ini.',
  'att.present': 'Hadir', 'att.absent': 'Tidak hadir', 'att.unmarked': 'belum diisi', 'att.noStudents': 'Belum ada siswa di kelas ini.',
  'att.summary': '{attended} dari {enrolled} hadir', 'att.markFor': '{state}: {name}', 'att.all': '— semua instruktur —',
  'courses.title': 'Kursus', 'courses.search': 'Cari kursus…', 'courses.new': 'Kursus baru', 'courses.name': 'Judul',
  'courses.level': 'Tingkat', 'courses.price': 'Harga/sesi', 'courses.active': 'Aktif', 'courses.description': 'Deskripsi',
  'courses.instrument': 'Alat musik', 'courses.duration': 'Durasi (menit)', 'courses.max': 'Maks. siswa',
  'courses.owner': 'Instruktur pemilik', 'courses.noOwner': '— tidak ada —', 'courses.editTitle': 'Ubah kursus',
  'courses.newTitle': 'Kursus baru', 'courses.saved': 'Kursus "{title}" disimpan.', 'courses.instructors': 'Instruktur',
  'courses.instructorsTitle': 'Instruktur "{title}"', 'courses.assign': 'Tugaskan', 'courses.unassign': 'Lepas',
  'courses.ownerTag': 'pemilik', 'courses.assignWho': 'Instruktur yang ditugaskan',
  'level.beginner': 'pemula', 'level.intermediate': 'menengah', 'level.advanced': 'mahir',
  'rooms.title': 'Ruangan', 'rooms.search': 'Cari ruangan…', 'rooms.new': 'Ruangan baru', 'rooms.name': 'Nama',
  'rooms.capacity': 'Kapasitas', 'rooms.instruments': 'Alat musik', 'rooms.instrumentsHelp': 'Alat musik (pisahkan dengan koma)',
  'rooms.description': 'Deskripsi', 'rooms.editTitle': 'Ubah ruangan', 'rooms.newTitle': 'Ruangan baru',
  'rooms.saved': 'Ruangan "{name}" disimpan.',
  'people.search': 'Cari nama, email atau NIM…', 'people.name': 'Nama', 'people.status': 'Status',
  'ins.title': 'Instruktur', 'ins.new': 'Undang instruktur', 'ins.newTitle': 'Undang instruktur', 'ins.fullName': 'Nama lengkap',
  'ins.phone': 'No. WhatsApp', 'ins.bio': 'Bio', 'ins.invited': 'Undangan dikirim ke {email}.', 'ins.noPassword': 'belum mengatur kata sandi',
  'ins.role': 'Peran', 'ins.roleTitle': 'Ubah peran {name}', 'ins.roleSaved': 'Peran disimpan.',
  'stu.title': 'Siswa', 'stu.type': 'Jenis', 'stu.importFile': 'Impor siswa DIKE (CSV: name,nim,email)', 'stu.import': 'Impor',
  'stu.imported': '{total} baris: {imported} diimpor, {skipped} dilewati, {errors} galat.', 'stu.importError': 'Baris {row} ({field}): {message}',
  'stu.open': 'Lihat', 'stu.enrollments': 'Pendaftaran', 'stu.attendance': 'Presensi', 'stu.invoices': 'Tagihan',
  'stu.rate': 'Kehadiran {rate} ({attended}/{total})', 'stu.noAttendance': 'Belum ada presensi.', 'stu.noEnrollments': 'Belum ada pendaftaran.',
  'stu.editTitle': 'Ubah {name}', 'stu.nim': 'NIM', 'stu.saved': 'Disimpan.',
  'pay.title': 'Pembayaran',
  'mail.title': 'Log email', 'mail.to': 'Penerima', 'mail.status': 'Status', 'mail.any': 'semua', 'mail.filter': 'Saring',
  'mail.when': 'Waktu', 'mail.subject': 'Subjek', 'mail.template': 'Templat', 'mail.empty': 'Belum ada email.',
  'mail.st.queued': 'antre', 'mail.st.sending': 'sedang dikirim', 'mail.st.sent': 'terkirim', 'mail.st.failed': 'gagal',
  // --- wired after the merge of issues 18, 19 and 20 (suggestions, calendar subscription, payments) ---
  'reg.suggested': 'Kelas yang disarankan (paling cocok dulu)', 'reg.freeSeats': '{count} kursi kosong', 'reg.fits': 'cocok',
  'reg.noSuggestion': 'Belum ada kelas terbuka untuk kursus ini.',
  'reg.slotsTitle': 'Slot baru yang mungkin', 'reg.slotsHelp': 'Tidak ada kelas yang cocok. Slot kosong instruktur dan ruangan ini '
    + 'sesuai preferensi pemohon; buat kelasnya di Kalender, lalu setujui ke kelas itu.',
  'feed.title': 'Langganan kalender', 'feed.get': 'Buat URL langganan', 'feed.rotate': 'Buat URL baru (URL lama berhenti)',
  'feed.url': 'URL langganan Anda', 'feed.private': 'Rahasiakan URL ini: siapa pun yang memilikinya dapat melihat jadwal Anda.',
  'feed.google': 'Google Calendar: Setelan → Tambahkan kalender → Dari URL, tempel URL ini, lalu Tambahkan kalender.',
  'feed.outlook': 'Outlook: Kalender → Tambahkan kalender → Berlangganan dari web, tempel URL ini, lalu Impor.',
  'feed.apple': 'Apple Calendar: File → Langganan Kalender Baru, tempel URL ini.',
  'feed.made': 'URL langganan dibuat. URL sebelumnya (jika ada) tidak berlaku lagi.',
  'pay.proofs': 'Bukti transfer menunggu', 'pay.noProofs': 'Tidak ada bukti transfer yang menunggu.',
  'pay.invoices': 'Tagihan', 'pay.payments': 'Pembayaran diterima', 'pay.noInvoices': 'Tidak ada tagihan.',
  'pay.noPayments': 'Belum ada pembayaran.', 'pay.status': 'Status', 'pay.any': 'semua',
  'pay.number': 'Nomor', 'pay.student': 'Siswa', 'pay.course': 'Kursus / paket', 'pay.amount': 'Jumlah', 'pay.due': 'Jatuh tempo',
  'pay.issued': 'Terbit', 'pay.paidAt': 'Dibayar', 'pay.method': 'Metode', 'pay.pdf': 'PDF', 'pay.pdfLabel': 'PDF tagihan {number}',
  'pay.proofLine': '{payer} · {bank} · {amount} · dikirim {when}', 'pay.proofLink': 'Lihat bukti',
  'pay.confirm': 'Konfirmasi', 'pay.reject': 'Tolak', 'pay.rejectTitle': 'Tolak bukti transfer {number}',
  'pay.reason': 'Alasan (dibaca siswa)', 'pay.confirmed': 'Tagihan {number} lunas.', 'pay.rejected': 'Bukti transfer {number} ditolak.',
  'pay.totals': '{count} pembayaran · {amount}', 'pay.refunded': 'dikembalikan',
  'inv.unpaid': 'belum dibayar', 'inv.pending_review': 'menunggu pemeriksaan', 'inv.paid': 'lunas', 'inv.expired': 'kedaluwarsa',
  'inv.cancelled': 'dibatalkan', 'inv.refunded': 'dikembalikan',
  'method.bank_transfer': 'transfer bank', 'method.gateway': 'gerbang pembayaran',
  'pkg.title': 'Paket', 'pkg.new': 'Paket baru', 'pkg.name': 'Nama', 'pkg.sessions': 'Sesi', 'pkg.price': 'Harga',
  'pkg.active': 'Aktif', 'pkg.newTitle': 'Paket baru', 'pkg.editTitle': 'Ubah paket', 'pkg.saved': 'Paket "{name}" disimpan.',
  'pkg.none': 'Belum ada paket.', 'pkg.validDays': 'Berlaku (hari)', 'pkg.description': 'Deskripsi', 'pkg.course': 'Kursus', 'pkg.anyCourse': '— semua kursus —',
  'stu.noInvoices': 'Belum ada tagihan.',
  'error.network': 'Server tidak dapat dihubungi. Silakan coba lagi.', 'error.http': 'Terjadi kesalahan (HTTP {status}). Silakan coba lagi.',
  'pager.label': 'Halaman daftar', 'pager.prev': '‹ Sebelumnya', 'pager.next': 'Berikutnya ›', 'pager.page': 'Halaman',
  'pager.of': 'dari {pages} · {total} data'
};

const en = {
  skip: 'Skip to content', title: 'Staff console', language: 'Language', logout: 'Log out', menu: 'Menu',
  reload: 'Reload', search: 'Search', actions: 'Actions', close: 'Close', save: 'Save', edit: 'Edit',
  loading: 'Loading…', saving: 'Saving…', done: 'Done.', none: 'Nothing here.', yes: 'yes', no: 'no',
  'nav.home': 'Home', 'nav.registrations': 'Registrations', 'nav.calendar': 'Calendar', 'nav.attendance': 'Attendance',
  'nav.courses': 'Courses', 'nav.rooms': 'Rooms', 'nav.instructors': 'Instructors', 'nav.students': 'Students',
  'nav.payments': 'Payments', 'nav.emails': 'Email log',
  'role.admin': 'admin', 'role.instructor': 'instructor', 'role.student': 'student',
  'setpw.title': 'Set your password',
  'setpw.intro': 'Choose the password for your new staff account: at least 10 characters, with three of lower case, '
    + 'upper case, digits and symbols. The link in your invitation email works once.',
  'setpw.new': 'New password', 'setpw.submit': 'Set password',
  'setpw.done': 'Your password is set. Log in with your email and the new password.',
  'login.title': 'Staff login', 'login.email': 'Email', 'login.password': 'Password', 'login.submit': 'Log in',
  'login.staffOnly': 'The console is for admins and instructors.',
  'login.ended': 'Your session has ended. Please log in again.',
  'login.otherTab': 'This session is in use in another tab. Log in again to use the console in this tab too.',
  'dash.title': 'Dashboard', 'dash.students': 'Students', 'dash.pending': 'Pending registrations',
  'dash.approved': 'Approved this month', 'dash.attendance': 'Attendance rate', 'dash.revenue': 'Revenue (total)',
  'dash.revenueMonth': 'Revenue this month', 'dash.trend': 'Registrations per month',
  'dash.trendCaption': 'Registrations per month (last 12 months)', 'dash.enrollments': 'Registrations',
  'dash.attendanceChart': 'Attendance', 'dash.attendanceCaption': 'Attendance (marked records)',
  'dash.csv': 'Download CSV', 'dash.updated': 'Updated {time} after {event}', 'dash.aChange': 'a change',
  'dash.barPending': 'Pending', 'dash.barApproved': 'Approved (month)', 'dash.barAll': 'All',
  'dash.barAttended': 'Attended', 'dash.barAbsent': 'Absent', 'dash.monthTitle': '{month}: {count} registrations',
  live: 'live', connecting: 'connecting…', reconnecting: 'reconnecting…', 'live.refused': 'refused ({reason})',
  'chat.inbox': 'Inbox', 'chat.claim': 'Claim', 'chat.tags': 'Tags', 'chat.saveTags': 'Save tags',
  'chat.resolve': 'Mark resolved', 'chat.close': 'Close', 'chat.typing': 'Visitor is typing…',
  'chat.reply': 'Reply', 'chat.replyPlaceholder': 'Reply…', 'chat.send': 'Send', 'chat.noMessages': '(no messages yet)',
  'chat.wantsHuman': 'wants a human', 'chat.assigned': 'assigned', 'chat.visitor': 'Visitor', 'chat.notice': 'Notice',
  'chat.bot': 'Assistant (bot)', 'chat.staff': 'Staff', 'chat.status': 'Status: {status}', 'chat.owner': 'owner {name}',
  'chat.unclaimed': 'unclaimed', 'chat.topic': 'topic: {topic}', 'chat.resolved': 'resolved',
  'chat.closedBecause': 'Closed: {reason}', 'chat.seen': 'Seen by the visitor',
  'chat.notSent': 'Not sent',
  'status.pending': 'pending', 'status.approved': 'approved', 'status.rejected': 'rejected',
  'status.cancelled': 'cancelled', 'status.expired': 'expired', 'status.active': 'active',
  'status.suspended': 'suspended', 'status.scheduled': 'scheduled', 'status.waiting': 'waiting', 'status.closed': 'closed',
  'reg.title': 'Registrations', 'reg.status': 'Status', 'reg.all': 'All (pending first)',
  'reg.number': 'Registration {number}', 'reg.registered': 'Registered {when}', 'reg.preferences': 'Preferences',
  'reg.guardian': 'Guardian', 'reg.notes': 'Notes', 'reg.referral': 'Heard of us from', 'reg.reason': 'Reason for rejection',
  'reg.approve': 'Approve', 'reg.reject': 'Reject', 'reg.cancel': 'Cancel', 'reg.whatsapp': 'WhatsApp',
  'reg.whatsappLabel': 'Send {name} a WhatsApp message', 'reg.class': 'Class', 'reg.noClass': '— no class (place later) —',
  'reg.approveTitle': 'Approve {number}', 'reg.rejectTitle': 'Reject {number}', 'reg.cancelTitle': 'Cancel {number}',
  'reg.cancelConfirm': 'Cancel this registration? The applicant is emailed.', 'reg.empty': 'No registrations.',
  'reg.approved': 'Registration {number} approved.', 'reg.rejected': 'Registration {number} rejected.',
  'reg.cancelled': 'Registration {number} cancelled.', 'reg.readOnly': 'Only admins decide registrations.',
  'reg.expires': 'expires {when}',
  'pref.experience_level': 'Experience', 'pref.time_preferences': 'Times', 'pref.preferred_days': 'Days',
  'pref.preferred_time_range': 'Hours', 'pref.start_date_target': 'Start', 'pref.instrument_owned': 'Owns an instrument',
  'pref.preferred_schedule_ids': 'Preferred classes',
  'day.monday': 'Monday', 'day.tuesday': 'Tuesday', 'day.wednesday': 'Wednesday', 'day.thursday': 'Thursday',
  'day.friday': 'Friday', 'day.saturday': 'Saturday', 'day.sunday': 'Sunday',
  'cal.title': 'Calendar', 'cal.view': 'View', 'cal.byRoom': 'by room', 'cal.byInstructor': 'by instructor',
  'cal.which': 'Room / instructor', 'cal.room': 'Room', 'cal.instructor': 'Instructor',
  'cal.prev': '← Previous week', 'cal.today': 'This week', 'cal.next': 'Next week →',
  'cal.zone': 'Academy time (WIB, Asia/Jakarta)',
  'cal.help': 'Click a free slot to create a class; click a class to move or cancel it.',
  'cal.free': 'Free slot {when}: create a class', 'cal.newTitle': 'New class, {when}', 'cal.course': 'Course',
  'cal.start': 'Start (WIB)', 'cal.date': 'Date', 'cal.duration': 'Duration (minutes)', 'cal.online': 'Online (no room)',
  'cal.meetingUrl': 'Online class link (https://…)', 'cal.topic': 'Topic', 'cal.weekly': 'Repeat every week',
  'cal.weeks': 'Number of weeks', 'cal.create': 'Create class', 'cal.created': 'Class created.',
  'cal.seriesCreated': '{count} classes created.', 'cal.classTitle': '{course}, {when}', 'cal.move': 'Move',
  'cal.cancelClass': 'Cancel class', 'cal.moved': 'Class moved.', 'cal.cancelled': 'Class cancelled.',
  'cal.conflict': 'Clashes with:', 'cal.conflictWith': '{course} — {when} ({resource}: {name})',
  'cal.conflictRoom': 'room', 'cal.conflictInstructor': 'instructor', 'cal.nothing': 'No rooms or instructors yet.',
  'cal.enrolled': '{count} students', 'cal.onlineShort': 'online', 'cal.pickFirst': 'Choose a room or an instructor.',
  'att.title': 'Today\'s attendance', 'att.instructor': 'Instructor', 'att.none': 'No classes today.',
  'att.present': 'Present', 'att.absent': 'Absent', 'att.unmarked': 'not marked', 'att.noStudents': 'No students in this class yet.',
  'att.summary': '{attended} of {enrolled} present', 'att.markFor': '{state}: {name}', 'att.all': '— all instructors —',
  'courses.title': 'Courses', 'courses.search': 'Search courses…', 'courses.new': 'New course', 'courses.name': 'Title',
  'courses.level': 'Level', 'courses.price': 'Price/session', 'courses.active': 'Active', 'courses.description': 'Description',
  'courses.instrument': 'Instrument', 'courses.duration': 'Duration (minutes)', 'courses.max': 'Max. students',
  'courses.owner': 'Owning instructor', 'courses.noOwner': '— none —', 'courses.editTitle': 'Edit course',
  'courses.newTitle': 'New course', 'courses.saved': 'Course "{title}" saved.', 'courses.instructors': 'Instructors',
  'courses.instructorsTitle': 'Instructors of "{title}"', 'courses.assign': 'Assign', 'courses.unassign': 'Remove',
  'courses.ownerTag': 'owner', 'courses.assignWho': 'Instructor to assign',
  'level.beginner': 'beginner', 'level.intermediate': 'intermediate', 'level.advanced': 'advanced',
  'rooms.title': 'Rooms', 'rooms.search': 'Search rooms…', 'rooms.new': 'New room', 'rooms.name': 'Name',
  'rooms.capacity': 'Capacity', 'rooms.instruments': 'Instruments', 'rooms.instrumentsHelp': 'Instruments (comma separated)',
  'rooms.description': 'Description', 'rooms.editTitle': 'Edit room', 'rooms.newTitle': 'New room',
  'rooms.saved': 'Room "{name}" saved.',
  'people.search': 'Search name, email or NIM…', 'people.name': 'Name', 'people.status': 'Status',
  'ins.title': 'Instructors', 'ins.new': 'Invite an instructor', 'ins.newTitle': 'Invite an instructor', 'ins.fullName': 'Full name',
  'ins.phone': 'WhatsApp number', 'ins.bio': 'Bio', 'ins.invited': 'Invitation sent to {email}.', 'ins.noPassword': 'has not set a password yet',
  'ins.role': 'Role', 'ins.roleTitle': 'Change the role of {name}', 'ins.roleSaved': 'Role saved.',
  'stu.title': 'Students', 'stu.type': 'Type', 'stu.importFile': 'Import DIKE students (CSV: name,nim,email)', 'stu.import': 'Import',
  'stu.imported': '{total} rows: {imported} imported, {skipped} skipped, {errors} errors.', 'stu.importError': 'Row {row} ({field}): {message}',
  'stu.open': 'Open', 'stu.enrollments': 'Registrations', 'stu.attendance': 'Attendance', 'stu.invoices': 'Invoices',
  'stu.rate': 'Attendance {rate} ({attended}/{total})', 'stu.noAttendance': 'No attendance yet.', 'stu.noEnrollments': 'No registrations yet.',
  'stu.editTitle': 'Edit {name}', 'stu.nim': 'NIM', 'stu.saved': 'Saved.',
  'pay.title': 'Payments',
  'mail.title': 'Email log', 'mail.to': 'Recipient', 'mail.status': 'Status', 'mail.any': 'any', 'mail.filter': 'Filter',
  'mail.when': 'When', 'mail.subject': 'Subject', 'mail.template': 'Template', 'mail.empty': 'No emails yet.',
  'mail.st.queued': 'queued', 'mail.st.sending': 'sending', 'mail.st.sent': 'sent', 'mail.st.failed': 'failed',
  // --- wired after the merge of issues 18, 19 and 20 (suggestions, calendar subscription, payments) ---
  'reg.suggested': 'Suggested classes (best fit first)', 'reg.freeSeats': '{count} free seats', 'reg.fits': 'fits',
  'reg.noSuggestion': 'This course has no open class yet.',
  'reg.slotsTitle': 'Possible new slots', 'reg.slotsHelp': 'No class fits. These free slots of the instructor and rooms match '
    + 'the applicant\'s preferences; create the class on the Calendar, then approve into it.',
  'feed.title': 'Calendar subscription', 'feed.get': 'Get my subscription URL', 'feed.rotate': 'Make a new URL (the old one stops)',
  'feed.url': 'Your subscription URL', 'feed.private': 'Keep this URL private: anyone who has it can read your schedule.',
  'feed.google': 'Google Calendar: Settings → Add calendar → From URL, paste this URL, then Add calendar.',
  'feed.outlook': 'Outlook: Calendar → Add calendar → Subscribe from web, paste this URL, then Import.',
  'feed.apple': 'Apple Calendar: File → New Calendar Subscription, paste this URL.',
  'feed.made': 'Subscription URL made. Any previous URL no longer works.',
  'pay.proofs': 'Transfer proofs to review', 'pay.noProofs': 'No transfer proof is waiting.',
  'pay.invoices': 'Invoices', 'pay.payments': 'Payments received', 'pay.noInvoices': 'No invoices.',
  'pay.noPayments': 'No payments yet.', 'pay.status': 'Status', 'pay.any': 'any',
  'pay.number': 'Number', 'pay.student': 'Student', 'pay.course': 'Course / package', 'pay.amount': 'Amount', 'pay.due': 'Due',
  'pay.issued': 'Issued', 'pay.paidAt': 'Paid', 'pay.method': 'Method', 'pay.pdf': 'PDF', 'pay.pdfLabel': 'PDF of invoice {number}',
  'pay.proofLine': '{payer} · {bank} · {amount} · sent {when}', 'pay.proofLink': 'View proof',
  'pay.confirm': 'Confirm', 'pay.reject': 'Reject', 'pay.rejectTitle': 'Reject the transfer proof of {number}',
  'pay.reason': 'Reason (the student reads it)', 'pay.confirmed': 'Invoice {number} paid.', 'pay.rejected': 'Transfer proof of {number} rejected.',
  'pay.totals': '{count} payments · {amount}', 'pay.refunded': 'refunded',
  'inv.unpaid': 'unpaid', 'inv.pending_review': 'pending review', 'inv.paid': 'paid', 'inv.expired': 'expired',
  'inv.cancelled': 'cancelled', 'inv.refunded': 'refunded',
  'method.bank_transfer': 'bank transfer', 'method.gateway': 'payment gateway',
  'pkg.title': 'Packages', 'pkg.new': 'New package', 'pkg.name': 'Name', 'pkg.sessions': 'Sessions', 'pkg.price': 'Price',
  'pkg.active': 'Active', 'pkg.newTitle': 'New package', 'pkg.editTitle': 'Edit package', 'pkg.saved': 'Package "{name}" saved.',
  'pkg.none': 'No packages yet.', 'pkg.validDays': 'Valid for (days)', 'pkg.description': 'Description', 'pkg.course': 'Course', 'pkg.anyCourse': '— any course —',
  'stu.noInvoices': 'No invoices yet.',
  'error.network': 'The server cannot be reached. Please try again.', 'error.http': 'Something went wrong (HTTP {status}). Please try again.',
  'pager.label': 'List pages', 'pager.prev': '‹ Previous', 'pager.next': 'Next ›', 'pager.page': 'Page',
  'pager.of': 'of {pages} · {total} items'
};

export const DICTIONARIES = { id, en };

/** 'id' (default) or 'en'. */
export function lang() {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'id';
  } catch (e) {
    return 'id';
  }
}

/** The text of key in the current language ({name} placeholders filled from params). */
export function t(key, params) {
  const dict = DICTIONARIES[lang()];
  let text = key in dict ? dict[key] : (key in id ? id[key] : key);
  if (params) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return text;
}

/** Fills the data-i18n texts under root. */
export function apply(root) {
  document.documentElement.lang = lang();
  root.querySelectorAll('[data-i18n]').forEach((node) => { node.textContent = t(node.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((node) => { node.placeholder = t(node.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-label]').forEach((node) => { node.setAttribute('aria-label', t(node.dataset.i18nLabel)); });
}

/** Switches the language: stored for every page of this origin, the page redrawn (listeners of 'academy-lang'). */
export function setLang(value) {
  localStorage.setItem(KEY, value === 'en' ? 'en' : 'id');
  apply(document);
  window.dispatchEvent(new CustomEvent('academy-lang'));
}

function locale() {
  return lang() === 'en' ? 'en-GB' : 'id-ID';
}

/** "15 Mei 2025 pukul 01.00 WIB" / "15 May 2025 at 01:00 WIB", academy time. */
export function dateTime(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale(), { dateStyle: 'long', timeStyle: 'short', timeZone: ZONE }) + ' WIB';
}

/** "01.00" / "01:00", academy time. */
export function time(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', timeZone: ZONE });
}

/** "Sen, 15 Mei" / "Mon, 15 May" for a local date "YYYY-MM-DD". */
export function dayLabel(date) {
  return new Date(date + 'T12:00:00Z').toLocaleDateString(locale(), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** "15 Mei 2025" for a local date "YYYY-MM-DD". */
export function dateLabel(date) {
  return new Date(date + 'T12:00:00Z').toLocaleDateString(locale(), { dateStyle: 'long', timeZone: 'UTC' });
}

/** "Rp 250.000" */
export function rupiah(amount) {
  return 'Rp ' + String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

// --- academy time arithmetic ------------------------------------------------------------------------

/** The local date "YYYY-MM-DD" of an instant in the academy zone. */
export function localDate(instant) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(instant instanceof Date ? instant : new Date(instant));
  const get = (type) => parts.find((p) => p.type === type).value;
  return get('year') + '-' + get('month') + '-' + get('day');
}

/** Minutes after local midnight of an instant in the academy zone. */
export function localMinutes(instant) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(instant instanceof Date ? instant : new Date(instant));
  return Number(parts.find((p) => p.type === 'hour').value) * 60 + Number(parts.find((p) => p.type === 'minute').value);
}

/** The zone's offset from UTC in minutes at an instant (from the zone's own rules, so DST zones work too). */
function offsetMinutes(instant) {
  const d = new Date(instant);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const v = (type) => Number(parts.find((p) => p.type === type).value);
  const asUtc = Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second'));
  return Math.round((asUtc - d.getTime() + d.getMilliseconds()) / 60000);
}

/** The UTC instant (ISO string) of a local date "YYYY-MM-DD" and local "HH:MM" in the academy zone. */
export function instant(date, hhmm) {
  const guess = Date.parse(date + 'T' + hhmm + ':00Z');
  const offset = offsetMinutes(guess - offsetMinutes(guess) * 60000);
  return new Date(guess - offset * 60000).toISOString();
}

/** date + days, "YYYY-MM-DD" */
export function addDays(date, days) {
  const d = new Date(date + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().substring(0, 10);
}

/** The Monday of the week holding date. */
export function monday(date) {
  const weekday = (new Date(date + 'T12:00:00Z').getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
