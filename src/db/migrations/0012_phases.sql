-- Phases that follow the calendar (issue 10): placeholders filled when a document is
-- rendered, campaigns followed by a next phase, pairs that continue into it or end.

-- The campaign a signed version's legal basis cites, kept as it stood at the signing, so that
-- a signed document renders the same after the campaign's record is edited.
alter table mou
  add column campaign_basis jsonb;

-- The next phase of a campaign is a campaign of its own, started from this one.
alter table campaign
  add column previous_campaign_id uuid references campaign (id);
create unique index campaign_previous_idx on campaign (previous_campaign_id) where previous_campaign_id is not null;

-- What a pair of a phase chose for the next one: continue (a new pair of the next phase,
-- with a new MoU both sign again) or end; a pair that did not continue is completed when its
-- phase ends.
alter table pair
  add column continued_from_pair_id uuid references pair (id),
  add column next_phase_choice text check (next_phase_choice in ('continue', 'end')),
  add column next_phase_chosen_at timestamptz,
  add column next_phase_chosen_by_user_id uuid references app_user (id);
create unique index pair_continued_from_idx on pair (continued_from_pair_id) where continued_from_pair_id is not null;
