-- Issue 18: a registration (public form or booking) may name a billing package that includes its course, and an
-- approved enrollment is marked paid when billing records its payment (billing asks over the bus; enrollment owns it).
ALTER TABLE enrollment.enrollments
  ADD COLUMN package_id uuid REFERENCES billing.packages (id),
  ADD COLUMN paid_at    timestamptz;
