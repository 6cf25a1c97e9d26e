import { describe, expect, it } from '@jest/globals';
import { ConflictError, DomainError, NotFoundError, ValidationError } from './errors';

describe('domain errors', () => {
  it('carry a code the API layer maps (BAD_USER_INPUT, NOT_FOUND, CONFLICT)', () => {
    expect(new ValidationError(['end'], 'end is before start')).toMatchObject({
      code: 'BAD_USER_INPUT',
      name: 'ValidationError',
    });
    expect(new NotFoundError('event x was never recorded')).toMatchObject({ code: 'NOT_FOUND', name: 'NotFoundError' });
    expect(new ConflictError('event x exists already')).toMatchObject({ code: 'CONFLICT', name: 'ConflictError' });
    expect(new ConflictError('x')).toBeInstanceOf(DomainError);
  });

  it('gives one problem with its path, or all problems of a command', () => {
    const one = new ValidationError(['participants', 2, 'actorId'], 'unknown actor id 7f3c');
    expect(one.problems).toEqual([{ path: ['participants', 2, 'actorId'], message: 'unknown actor id 7f3c' }]);
    expect(one.path).toEqual(['participants', 2, 'actorId']);
    expect(one.message).toBe('participants.2.actorId: unknown actor id 7f3c');

    const many = new ValidationError([
      { path: ['title'], message: 'title must not be empty' },
      { path: [], message: 'nothing to change' },
    ]);
    expect(many.message).toBe('2 problems: title: title must not be empty; (command): nothing to change');
    expect(() => new ValidationError([])).toThrow(TypeError);
  });
});
