/**
 * Column name → type family, as real teams typed them: statistics derived by
 * scripts/eval/build-type-lexicon.ts from 1258 typed fields of the data-model.md files of the
 * real-spec corpus (../shared/corpus; counts only, no text kept). A key is kept when at least two
 * teams use it and 60% of its uses agree. Generated: do not edit by hand, re-run the script.
 */
export type NameFamily = 'text' | 'integer' | 'numeric' | 'boolean' | 'temporal' | 'date' | 'time' | 'duration' | 'json' | 'uuid' | 'array' | 'binary';

const parse = (table: string): ReadonlyMap<string, NameFamily> =>
  new Map(table.trim().split(/\s+/).map((entry) => entry.split(':') as [string, NameFamily]));

/** Whole column names (snake_case, each word singular). */
export const FAMILY_BY_NAME = parse(`
  action:text active:boolean address:text amount:numeric approved_at:temporal archived_at:temporal
  avatar_url:text balance:numeric body:text cancelled_at:temporal capacity:integer category:text
  change:json city:text code:text color:text company:text completed_at:temporal confirmed_at:temporal
  content:text country:text created_by:uuid currency:text data:json date:date deadline:temporal
  description:text detail:json due_date:date email:text email_verified:boolean end_date:date
  end_time:time entity_type:text error_message:text event_type:text exchange_rate:numeric
  expiration_date:temporal expire_at:temporal failure_reason:text file_name:text file_size:integer
  first_name:text full_name:text generated_at:temporal icon:text image_url:text is_active:boolean
  is_read:boolean is_revoked:boolean joined_at:temporal last_login_at:temporal last_name:text
  last_updated:temporal location:text logo_url:text message:text metadatum:json mime_type:text
  name:text note:text password_hash:text payment_method:text period:text phone:text phone_number:text
  position:integer price:numeric product_name:text provider:text published_at:temporal
  quantity:integer read_at:temporal reason:text referral_code:text rejection_reason:text
  removed_at:temporal requirement:json resolved_at:temporal reviewed_at:temporal role:text
  sent_at:temporal severity:text shown_at:text skill:json slug:text source:text source_url:text
  start_date:date start_time:time state:text status:text stock:integer subject:text
  submitted_at:temporal symbol:text timestamp:temporal title:text token:text total_amount:numeric
  type:text unit:text uploaded_at:temporal user_agent:text username:text version:integer
`);

/** The last word of a column name, when the whole name is not known. */
export const FAMILY_BY_LAST_WORD = parse(`
  action:text active:boolean address:text agent:text amount:numeric archived:boolean at:temporal
  attempt:integer available:boolean balance:numeric body:text by:uuid capacity:integer category:text
  change:json city:text code:text color:text comment:text company:text content:text count:integer
  country:text currency:text data:json date:date day:integer deadline:temporal description:text
  detail:json email:text enabled:boolean end:date fee:numeric hash:text icon:text ip:text key:text
  label:text last4:text level:text location:text m:integer message:text metadatum:json method:text
  minute:integer name:text note:text number:text path:text percentage:numeric period:text phone:text
  point:integer position:integer price:numeric provider:text quantity:integer rate:numeric
  read:boolean reason:text ref:text requirement:json revoked:boolean role:text row:integer
  score:numeric severity:text size:integer skill:json slug:text source:text start:date state:text
  status:text stock:integer string:text subject:text symbol:text tag:array text:text threshold:integer
  timestamp:temporal title:text to:uuid token:text type:text unit:text until:temporal updated:temporal
  url:text username:text value:numeric verified:boolean version:integer
`);

