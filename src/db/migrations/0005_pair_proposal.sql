-- Why a pair was proposed, when the pairing engine proposed it: the run, the score and the
-- explanation in both languages, as the run gave them, so that the two principals asked to
-- accept see the department's reasons.
alter table pair
  add column proposal jsonb;
