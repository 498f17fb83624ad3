data "whatsapp_assigned_users" "support" {
  waba_id = "104996122399160"
}

output "support_admins" {
  value = [for u in data.whatsapp_assigned_users.support.users : u.name if contains(u.tasks, "MANAGE")]
}
