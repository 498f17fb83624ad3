# A Flow, by <waba_id>/<flow_id>:
terraform import whatsapp_flow.signup 104996122399160/1183907543004829
