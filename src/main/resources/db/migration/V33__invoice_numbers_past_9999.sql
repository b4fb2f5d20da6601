-- Invoice numbers past 9,999 in one academy month (fix): the counter stopped at 9999 (its CHECK), so the 10,000th
-- invoice of a month failed to issue, in the background after the approval had answered. The sequence part is now at
-- least four digits (INV-YYYY-MM-0001 … INV-YYYY-MM-9999, then INV-YYYY-MM-10000 …): every existing number keeps its
-- form and stays unique (a number of five or more digits never has a leading zero, so it equals no four-digit one).
ALTER TABLE billing.invoice_counters DROP CONSTRAINT invoice_counters_last_number_check;
ALTER TABLE billing.invoice_counters ADD CONSTRAINT invoice_counters_last_number_check CHECK (last_number >= 0);

ALTER TABLE billing.invoices DROP CONSTRAINT invoices_number_check;
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_number_check
  CHECK (number ~ '^INV-[0-9]{4}-[0-9]{2}-([0-9]{4}|[1-9][0-9]{4,})$');
