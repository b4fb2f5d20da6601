-- The demo academy (DESIGN §8): a small music school's courses and rooms, so a fresh development install
-- has something to browse, register for and schedule. Like every migration it is applied once per
-- database; its rows are written only when ${demo_academy} is true (config `demo_academy`, dev mode only),
-- so a production database never holds demo data. No accounts: the only login is the configured admin.

INSERT INTO catalog.courses (title, description, level, instrument, price_per_session, duration_minutes, max_students)
SELECT title, description, level::catalog.course_level, instrument, price, minutes, seats
FROM (VALUES
  ('Piano untuk Pemula', 'Belajar membaca not balok, posisi tangan dan lagu-lagu pertama. Reading notes, hand position and first pieces.',
   'beginner', 'Piano', 250000, 60, 6),
  ('Gitar Akustik Dasar', 'Kunci dasar, strumming dan fingerstyle sederhana. Basic chords, strumming and simple fingerstyle.',
   'beginner', 'Guitar', 200000, 60, 8),
  ('Biola Menengah', 'Teknik gesek, posisi ketiga dan repertoar klasik. Bowing technique, third position and classical repertoire.',
   'intermediate', 'Violin', 300000, 60, 4),
  ('Vokal Pop', 'Pernapasan, intonasi dan penampilan panggung. Breathing, pitch and stage presence.',
   'intermediate', 'Vocal', 225000, 45, 6),
  ('Drum Lanjutan', 'Groove, fill dan membaca partitur drum. Grooves, fills and reading drum charts.',
   'advanced', 'Drums', 275000, 60, 3)
) AS demo(title, description, level, instrument, price, minutes, seats)
WHERE '${demo_academy}' = 'true';

INSERT INTO scheduling.rooms (name, capacity, description, instruments)
SELECT name, capacity, description, instruments
FROM (VALUES
  ('Studio Piano', 6, 'Dua grand piano dan papan tulis. Two grand pianos and a whiteboard.', ARRAY['Piano']),
  ('Studio Gitar & Vokal', 8, 'Ampli, mikrofon dan sound system. Amplifiers, microphones and a PA.', ARRAY['Guitar', 'Vocal']),
  ('Ruang Gesek', 4, 'Ruang kedap suara untuk biola dan cello. A sound-proofed room for violin and cello.', ARRAY['Violin']),
  ('Studio Drum', 3, 'Dua drum set akustik. Two acoustic drum kits.', ARRAY['Drums'])
) AS demo(name, capacity, description, instruments)
WHERE '${demo_academy}' = 'true';
