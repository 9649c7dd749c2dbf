import { expect } from 'chai';
import { buildFixture, expectSoqlError, type Fixture, soql } from './soql-fixture.js';

const FIELD_HINT = "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

describe('emulator SOQL: errors as Salesforce gives them', () => {
  let fx: Fixture;
  before(() => (fx = buildFixture()));

  it('MALFORMED_QUERY points at the unexpected token', () => {
    const error = expectSoqlError(() => soql(fx.store, 'SELECT FROM User'), 'MALFORMED_QUERY');
    expect(error.message).to.equal("\nSELECT FROM User\n       ^\nERROR at Row:1:Column:8\nunexpected token: 'FROM'");
    expect(error.httpStatus).to.equal(400);
  });

  it('MALFORMED_QUERY at the end of an unfinished query', () => {
    const error = expectSoqlError(() => soql(fx.store, "SELECT Id FROM User WHERE Username = 'a' OR"), 'MALFORMED_QUERY');
    expect(error.message).to.match(/\^\nERROR at Row:1:Column:44\nunexpected token: '<EOF>'$/);
    expectSoqlError(() => soql(fx.store, 'SELECT Id FROM User LIMIT x'), 'MALFORMED_QUERY', "unexpected token: 'x'");
  });

  it('INVALID_FIELD for an unknown column, with the caret under it', () => {
    const error = expectSoqlError(() => soql(fx.store, 'SELECT Id, Foo FROM User'), 'INVALID_FIELD');
    expect(error.message).to.equal(`\nSELECT Id, Foo FROM User\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'User'. ${FIELD_HINT}`);
  });

  it('INVALID_FIELD for unknown columns in WHERE, ORDER BY, GROUP BY, subqueries and on a parent', () => {
    expectSoqlError(() => soql(fx.store, "SELECT Id FROM User WHERE Nickname = 'x'"), 'INVALID_FIELD', "No such column 'Nickname' on entity 'User'", 'Column:27');
    expectSoqlError(() => soql(fx.store, 'SELECT Id FROM User ORDER BY Rank'), 'INVALID_FIELD', "No such column 'Rank' on entity 'User'");
    expectSoqlError(() => soql(fx.store, 'SELECT Grade, COUNT(Id) FROM User GROUP BY Grade'), 'INVALID_FIELD', "No such column 'Grade' on entity 'User'");
    expectSoqlError(() => soql(fx.store, 'SELECT Id, (SELECT Bogus FROM PermissionSetAssignments) FROM User'), 'INVALID_FIELD', "No such column 'Bogus' on entity 'PermissionSetAssignment'");
    expectSoqlError(() => soql(fx.store, 'SELECT Assignee.Salary FROM PermissionSetAssignment'), 'INVALID_FIELD', "No such column 'Salary' on entity 'User'");
    expectSoqlError(() => soql(fx.store, 'SELECT CreatedDate FROM PermissionSetAssignment'), 'INVALID_FIELD', "No such column 'CreatedDate' on entity 'PermissionSetAssignment'");
  });

  it('INVALID_FIELD for an unknown relationship in a path', () => {
    expectSoqlError(
      () => soql(fx.store, 'SELECT Manager.Name FROM User'),
      'INVALID_FIELD',
      "Didn't understand relationship 'Manager' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name."
    );
  });

  it('INVALID_TYPE for an unknown object, in FROM, in a semi-join and as a child relationship', () => {
    const error = expectSoqlError(() => soql(fx.store, 'SELECT Id FROM Foo'), 'INVALID_TYPE');
    expect(error.message).to.equal(
      "\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
    );
    expectSoqlError(() => soql(fx.store, 'SELECT Id FROM User WHERE Id IN (SELECT AssigneeId FROM Nothing)'), 'INVALID_TYPE', "sObject type 'Nothing' is not supported");
    expectSoqlError(() => soql(fx.store, 'SELECT Id, (SELECT Id FROM Friends) FROM User'), 'INVALID_TYPE', "Didn't understand relationship 'Friends' in FROM part of query call");
  });
});
