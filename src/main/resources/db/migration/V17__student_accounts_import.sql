-- Student accounts of the OTI Academy (issue 16): the student type and the NIM of DIKE students, for the CSV import
-- (POST /api/users/import). The self-registration of the same issue (V15) adds the same columns with the same
-- definitions; every statement here is a no-op where V15 ran first, so either order builds the same database.
--   type: UMUM (general public) or DIKE (a university department's student, with a NIM); null for staff and for the
--         students created from an approved registration.
--   nim:  the DIKE student number, NN/NNNNNN/XX/NNNNN (checked by the application), unique among live accounts.
ALTER TABLE auth.users ADD COLUMN IF NOT EXISTS type text CHECK (type IN ('UMUM', 'DIKE'));
ALTER TABLE auth.users ADD COLUMN IF NOT EXISTS nim text;

-- One live account per NIM (a soft-deleted account frees its NIM, as it frees its email). Created only when no
-- unique index on auth.users (nim) exists yet, whatever V15 named its own.
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
    WHERE n.nspname = 'auth' AND t.relname = 'users' AND i.indisunique AND i.indnatts = 1 AND a.attname = 'nim'
  ) THEN
    CREATE UNIQUE INDEX users_nim_live ON auth.users (nim) WHERE deleted_at IS NULL AND nim IS NOT NULL;
  END IF;
END
$$;
