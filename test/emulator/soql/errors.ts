import { SalesforceError } from '../store/types.js';

/**
 * SOQL errors shaped as Salesforce gives them: the query, a caret under the offending token, its row and column,
 * then the reason ("\nSELECT Foo FROM User\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'User'. …").
 */
function located(soql: string, token: string, reason: string): string {
  const flat = soql.replace(/\s+/g, ' ');
  const index = Math.max(0, flat.toLowerCase().indexOf(token.toLowerCase()));
  return `\n${flat}\n${' '.repeat(index)}^\nERROR at Row:1:Column:${index + 1}\n${reason}`;
}

export function malformedQuery(message: string): SalesforceError {
  return new SalesforceError('MALFORMED_QUERY', message);
}

/**
 * A parser failure as Salesforce reports it: the caret under the token the parser choked on and "unexpected token:
 * 'Brien'". The parser's message ends with "but found: 'X'" or "but found --> 'X' <--"; an empty token is the end of
 * the query, which Salesforce calls '<EOF>' (unverified).
 */
export function parseFailure(soql: string, parserMessage: string): SalesforceError {
  const found = /but found(?::| -->) '([^']*)'/.exec(parserMessage)?.[1] ?? '';
  const flat = soql.replace(/\s+/g, ' ').trimEnd();
  if (found === '') return malformedQuery(`\n${flat}\n${' '.repeat(flat.length)}^\nERROR at Row:1:Column:${flat.length + 1}\nunexpected token: '<EOF>'`);
  return malformedQuery(located(soql, found, `unexpected token: '${found}'`));
}

export function noSuchColumn(soql: string, field: string, entity: string): SalesforceError {
  return new SalesforceError(
    'INVALID_FIELD',
    located(
      soql,
      field,
      `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
    )
  );
}

export function unknownRelationship(soql: string, relationship: string): SalesforceError {
  return new SalesforceError(
    'INVALID_FIELD',
    located(
      soql,
      relationship,
      `Didn't understand relationship '${relationship}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
    )
  );
}

export function unknownType(soql: string, type: string): SalesforceError {
  return new SalesforceError(
    'INVALID_TYPE',
    located(
      soql,
      type,
      `sObject type '${type}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
    )
  );
}

export function unknownChildRelationship(soql: string, relationship: string): SalesforceError {
  return new SalesforceError(
    'INVALID_TYPE',
    located(
      soql,
      relationship,
      `Didn't understand relationship '${relationship}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
    )
  );
}
