-- A tap on one of a template's quick-reply buttons, told apart from other replies: WhatsApp sends it as an inbound
-- message whose context names the template message, so it lands on that very message. The A/B "button clicks"
-- metric counts these.
ALTER TABLE outbound_messages ADD COLUMN clicked_at timestamptz;
