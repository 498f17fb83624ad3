# The approved English templates of an account, and how close it is to its
# template limit.
data "whatsapp_message_templates" "approved" {
  waba_id   = "104996122399160"
  statuses  = ["APPROVED"]
  languages = ["en_US"]
}

output "approved_template_names" {
  value = [for t in data.whatsapp_message_templates.approved.templates : t.name]
}

output "template_room_left" {
  value = data.whatsapp_message_templates.approved.message_template_limit - data.whatsapp_message_templates.approved.message_template_count
}
