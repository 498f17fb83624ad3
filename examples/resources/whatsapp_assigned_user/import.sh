# An existing assignment, by <waba_id>/<user_id>:
terraform import whatsapp_assigned_user.jane 104996122399160/100055555555555
