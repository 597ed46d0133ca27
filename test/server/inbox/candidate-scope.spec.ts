import assert from 'node:assert/strict';
import { candidateScope, SHARED } from '../../../server/inbox/candidate-scope.js';

describe('the candidate groups as 组内待办 reads them on a task', () => {
  it('names a task\'s one group, and lists it between commas', () => {
    // when
    const scope = candidateScope(['ministry:engineer']);
    // then
    assert.deepEqual(scope, { candidateGroup: 'ministry:engineer', candidateGroups: ',ministry:engineer,' });
  });

  it('marks a task several groups share, and lists each group once', () => {
    // when
    const scope = candidateScope(['ministry:engineer', 'ministry:architect', 'ministry:engineer']);
    // then
    assert.deepEqual(scope, { candidateGroup: SHARED, candidateGroups: ',ministry:architect,ministry:engineer,' });
  });

  it('leaves a task without candidates out of every group', () => {
    assert.deepEqual(candidateScope([]), { candidateGroup: null, candidateGroups: null });
  });
});
