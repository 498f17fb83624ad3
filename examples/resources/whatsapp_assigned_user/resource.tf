# Lets a business user manage templates and see costs on the account.
resource "whatsapp_assigned_user" "jane" {
  waba_id = "104996122399160"
  user_id = "100055555555555"
  tasks   = ["MANAGE_TEMPLATES", "VIEW_COST"]
}
