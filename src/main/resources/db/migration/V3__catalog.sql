-- The course catalog (catalog verticle, seed §4.1–4.5, §4.11).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TYPE catalog.course_level AS ENUM ('beginner', 'intermediate', 'advanced');

CREATE TABLE catalog.courses (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title             text        NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  description       text        NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  level             catalog.course_level NOT NULL,
  -- instrument (music school) or category (tech academy, course platform); free text
  instrument        text        CHECK (instrument IS NULL OR length(btrim(instrument)) BETWEEN 1 AND 100),
  price_per_session bigint      NOT NULL CHECK (price_per_session >= 0),      -- rupiah
  duration_minutes  integer     NOT NULL CHECK (duration_minutes > 0 AND duration_minutes <= 1440),
  max_students      integer     NOT NULL CHECK (max_students > 0 AND max_students <= 1000),
  is_active         boolean     NOT NULL DEFAULT true,
  -- the owning instructor (course platform); null for courses the academy itself runs
  instructor_id     uuid        REFERENCES auth.users (id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  -- full-text search over title (weight A) and description (weight B); 'simple' = no language
  -- stemming, since courses are written in Indonesian as well as English
  search            tsvector GENERATED ALWAYS AS (
                      setweight(to_tsvector('simple', title), 'A') ||
                      setweight(to_tsvector('simple', description), 'B')) STORED
);

CREATE INDEX courses_search ON catalog.courses USING gin (search);
-- partial words ("pian" → "Piano"): ILIKE '%…%' served by trigram indexes
CREATE INDEX courses_title_trgm ON catalog.courses USING gin (title gin_trgm_ops);
CREATE INDEX courses_description_trgm ON catalog.courses USING gin (description gin_trgm_ops);
CREATE INDEX courses_listing ON catalog.courses (created_at DESC, id);
CREATE INDEX courses_instructor ON catalog.courses (instructor_id) WHERE instructor_id IS NOT NULL;
CREATE INDEX courses_level_active ON catalog.courses (level, is_active);
