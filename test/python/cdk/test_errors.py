"""What Python users see when they get it wrong, and what the README promises about enums and optional structs."""
import re

import pytest
from aws_cdk import App, RemovalPolicy, Stack

import cdk_account_contacts as library
from cdk_account_contacts import (AccountSelection, AlternateContact, ContactInformation, ContactRemoval, OrganizationContacts,
                                  OutsideChangeAction, OutsideChangeOptions, SecurityContacts)

STRUCTS = {"security": AlternateContact, "billing": AlternateContact, "operations": AlternateContact,
           "contactInformation": ContactInformation, "accountSelection": AccountSelection}
SECURITY = AlternateContact(name="Security Operations Center", title="Security team",
                            email_address="security@example.com", phone_number="+1 206 555 0100")


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("address_line_1", "address_line1")


def python_props(props):
    """The case's props typed as a Python user types them: snake_case keywords, contacts as the library's structs."""
    return {snake(key): STRUCTS[key](**{snake(field): value for field, value in value.items()}) if key in STRUCTS else value
            for key, value in props.items()}


def synthesize(construct, **props):
    app = App()
    stack = Stack(app, "Errors")
    getattr(library, construct)(stack, "Contacts", **props)
    return app.synth().get_stack_by_name("Errors").template


def test_every_case_fails_with_the_typescript_message(error_cases, typescript_errors):
    assert len(error_cases) >= 7
    for case in error_cases:
        expected = typescript_errors[case["id"]]
        assert expected is not None, f"{case['id']}: TypeScript accepted it"
        with pytest.raises(RuntimeError) as raised:
            synthesize(case["construct"], **python_props(case["props"]))
        message = str(raised.value)
        # jsii puts the JavaScript error's name before its message.
        assert message == f"{expected['name']}: {expected['message']}", case["id"]
        # The construct path, and the field named as in the API reference.
        assert "[Errors/Contacts]" in message, case["id"]


def test_the_messages_name_field_and_rule(error_cases, typescript_errors):
    email = typescript_errors["email-without-domain"]["message"]
    assert "security.emailAddress" in email and "does not match the AWS pattern" in email
    # Personal data is masked in the message, in Python as in TypeScript.
    assert "security@" not in email
    country = typescript_errors["three-letter-country"]["message"]
    assert "contactInformation.countryCode 'USA'" in country


def test_a_misspelt_keyword_is_a_type_error():
    app = App()
    with pytest.raises(TypeError, match="unexpected keyword argument 'securty'"):
        SecurityContacts(Stack(app, "Stack"), "Contacts", securty=SECURITY)


def test_a_missing_struct_field_is_a_type_error_naming_it():
    # Python refuses it before the construct runs: a struct's required fields are required keyword arguments.
    with pytest.raises(TypeError, match="phone_number"):
        AlternateContact(name="Security Operations Center", title="Security team", email_address="security@example.com")


def test_a_wrong_type_is_a_type_error_naming_the_argument():
    with pytest.raises(TypeError, match="phone_number must be str; got int"):
        AlternateContact(name="Security", title="Security team", email_address="security@example.com", phone_number=12065550100)


def test_a_list_where_a_contact_goes_is_refused():
    with pytest.raises(TypeError):
        SecurityContacts(Stack(App(), "Stack"), "Contacts", security=[SECURITY])


def test_a_dict_is_taken_for_a_struct_with_python_keys():
    as_dict = synthesize("SecurityContacts", security={"name": "Security Operations Center", "title": "Security team",
                                                       "email_address": "security@example.com", "phone_number": "+1 206 555 0100"})
    as_struct = synthesize("SecurityContacts", security=SECURITY)
    assert as_dict == as_struct


def test_optional_contacts_left_out_declare_nothing():
    template = synthesize("SecurityContacts", security=SECURITY)
    types = [resource["Properties"]["AlternateContactType"] for resource in template["Resources"].values()
             if resource["Type"] == "Custom::AccountAlternateContact"]
    assert types == ["SECURITY"]


def test_removal_policy_enum():
    kept = synthesize("SecurityContacts", security=SECURITY)
    deleted = synthesize("SecurityContacts", security=SECURITY, removal_policy=RemovalPolicy.DESTROY)

    def delete_on_removal(template):
        return [resource["Properties"]["DeleteOnRemoval"] for resource in template["Resources"].values()
                if resource["Type"] == "Custom::AccountAlternateContact"]
    assert delete_on_removal(kept) == ["false"]
    assert delete_on_removal(deleted) == ["true"]


@pytest.mark.parametrize("removal,expected", [(None, "RETAIN"), (ContactRemoval.RETAIN, "RETAIN"), (ContactRemoval.DESTROY, "DESTROY"),
                                              (ContactRemoval.RESTORE_PREVIOUS, "RESTORE")])
def test_contact_removal_enum_like_class(removal, expected):
    """OrganizationContacts' one removal choice reaches the deployment; RESTORE_PREVIOUS keeps snapshots."""
    template = synthesize("OrganizationContacts", security=SECURITY, **({"removal": removal} if removal else {}))
    [resource] = [r for r in template["Resources"].values() if r["Type"] == "Custom::OrganizationContacts"]
    assert resource["Properties"]["RemovalPolicy"] == expected
    variables = [r["Properties"]["Environment"]["Variables"] for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"
                 and "RESULTS_TABLE" in str(r["Properties"].get("Environment", {}))]
    assert any("RESTORE_SNAPSHOTS" in v for v in variables) == (expected == "RESTORE")


def test_grouped_options_as_dicts_and_structs_give_the_same_template():
    as_dicts = synthesize("OrganizationContacts", security=SECURITY,
                          account_selection={"exclude_account_ids": ["999988887777"]}, runs={"max_concurrency": 4})
    from cdk_account_contacts import RunOptions
    as_structs = synthesize("OrganizationContacts", security=SECURITY,
                            account_selection=AccountSelection(exclude_account_ids=["999988887777"]), runs=RunOptions(max_concurrency=4))
    assert as_dicts == as_structs


def test_a_flat_keyword_of_0_x_is_a_type_error():
    # jsii refuses it before the construct runs; TypeScript and JavaScript callers get the new place (see the CHANGELOG).
    with pytest.raises(TypeError, match="unexpected keyword argument 'exclude_account_ids'"):
        OrganizationContacts(Stack(App(), "Stack"), "Contacts", security=SECURITY, exclude_account_ids=["999988887777"])


@pytest.mark.parametrize("action", list(OutsideChangeAction))
def test_outside_change_enum(action):
    """RESTORE and NOTIFY: a rule on contact changes and the action in the function's environment; IGNORE: neither."""
    template = synthesize("OrganizationContacts", security=SECURITY, outside_changes=OutsideChangeOptions(action=action))
    rules = [resource["Properties"]["EventPattern"] for resource in template["Resources"].values()
             if resource["Type"] == "AWS::Events::Rule" and "aws.account" in resource["Properties"].get("EventPattern", {}).get("source", [])]
    variables = [resource["Properties"].get("Environment", {}).get("Variables", {}) for resource in template["Resources"].values()
                 if resource["Type"] == "AWS::Lambda::Function"]
    actions = [variables_of_function["OUTSIDE_CHANGE_ACTION"] for variables_of_function in variables if "OUTSIDE_CHANGE_ACTION" in variables_of_function]
    if action == OutsideChangeAction.IGNORE:
        assert rules == [] and actions == []
    else:
        assert len(rules) == 1 and actions == [action.value]


def test_contacts_held_in_ssm_parameters_from_python():
    # The parameter is an aws_ssm object, as in TypeScript; the template names it and holds no value of the contact.
    from aws_cdk import aws_ssm as ssm
    from cdk_account_contacts import AlternateContactParameters

    app = App()
    stack = Stack(app, "Parameters")
    SecurityContacts(stack, "Contacts", contact_parameters=AlternateContactParameters(
        security=ssm.StringParameter.from_string_parameter_name(stack, "Security", "/contacts/security")))
    template = app.synth().get_stack_by_name("Parameters").template
    [resource] = [r for r in template["Resources"].values() if r["Type"] == "Custom::AccountAlternateContact"]
    assert resource["Properties"]["ParameterName"] == "/contacts/security"
    assert "EmailAddress" not in resource["Properties"]
    rules = [r for r in template["Resources"].values() if r["Type"] == "AWS::Events::Rule"]
    assert rules[0]["Properties"]["EventPattern"]["detail"]["name"] == ["/contacts/security"]

    both = Stack(App(), "Both")
    SecurityContacts(both, "Contacts", security=SECURITY, contact_parameters=AlternateContactParameters(
        security=ssm.StringParameter.from_string_parameter_name(both, "Security", "/contacts/security")))
    with pytest.raises(RuntimeError, match="security is given twice, as a value and as contactParameters.security"):
        both.node.root.synth()
