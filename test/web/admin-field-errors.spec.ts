import { describe, expect, it } from '@jest/globals';
import { inputProblems, placeProblems } from '../../web/admin/field-errors';

describe('problems placed at the form’s fields', () => {
  const validation = {
    message: '3 problems: …',
    extensions: {
      code: 'BAD_USER_INPUT',
      field: 'input.start.value',
      problems: [
        { field: 'input.start.value', message: 'value "2022-13" is not a date' },
        { field: 'input.participants.1.actorId', message: 'unknown actor' },
        { field: 'input.title', message: 'title must not be empty' },
      ],
    },
  };

  it('lists every problem of a validation error, relative to the input', () => {
    expect(inputProblems([validation])).toEqual([
      { field: 'start.value', message: 'value "2022-13" is not a date' },
      { field: 'participants.1.actorId', message: 'unknown actor' },
      { field: 'title', message: 'title must not be empty' },
    ]);
  });

  it('takes the one field of an error without a list, or the path graphql-js names in its message', () => {
    expect(
      inputProblems([
        {
          message: 'idempotencyKey must be 1 to 200 characters',
          extensions: { code: 'BAD_USER_INPUT', field: 'idempotencyKey' },
        },
        {
          message: 'Variable "$input" got invalid value "WEEK" at "input.start.precision"; Value "WEEK" does not exist',
          extensions: { code: 'BAD_USER_INPUT' },
        },
        { message: 'conflict', extensions: { code: 'CONFLICT' } },
      ]),
    ).toEqual([
      { field: 'idempotencyKey', message: 'idempotencyKey must be 1 to 200 characters' },
      {
        field: 'start.precision',
        message: 'Variable "$input" got invalid value "WEEK" at "input.start.precision"; Value "WEEK" does not exist',
      },
    ]);
  });

  it('shows each problem at the closest field the form has, and the rest as general errors', () => {
    const placed = placeProblems(
      [
        ...inputProblems([validation]),
        { field: 'title', message: 'title is too long' },
        { field: 'cameoCode', message: 'unknown CAMEO event code' },
        { field: '', message: 'the command is malformed' },
      ],
      ['title', 'start.value', 'participants', 'participants.1', 'sources'],
    );
    expect(Object.fromEntries(placed.fields)).toEqual({
      'start.value': ['value "2022-13" is not a date'],
      'participants.1': ['unknown actor'],
      title: ['title must not be empty', 'title is too long'],
    });
    expect(placed.general).toEqual(['cameoCode: unknown CAMEO event code', 'the command is malformed']);
  });
});
