import { caseAction, createCase } from '../../src/services/cases';
import { discardPhotos } from '../../src/services/uploads';
import { sessionStore } from '../../src/services/session';
import { fakeApi, ok, refused } from '../helpers';

const session = { token: 't-1', user: { id: 'u-1', role: 'handler' as const, name: '王师傅', username: 'handler1', communityIds: ['c-hy'] } };

/** Which photos a form that goes deletes: those it never sent, or sent and refused. */
describe('discarding the photos of a form that went', () => {
  beforeEach(() => sessionStore.set(session));
  afterEach(() => sessionStore.clear());

  it('deletes photos never sent, keeps those sent with a step or a case, and deletes those a refusal left unattached', async () => {
    const api = fakeApi({
      'POST /cases/c-1/resolve': ok({ id: 'c-1' }),
      'POST /cases/c-1/note': refused('PHOTO_INVALID'),
      'POST /cases': ok({ id: 'c-2' }),
      'DELETE /uploads/p-never': ok(null), 'DELETE /uploads/p-refused': ok(null),
    });
    await caseAction('c-1', 'resolve', { note: '已修好', photoIds: ['p-step'] });
    await createCase({ type: 'repair', category: '水电', description: '漏水', houseId: 'h-1', photoIds: ['p-case'] }, 'k-1');
    await expect(caseAction('c-1', 'note', { note: '进展', photoIds: ['p-refused'] })).rejects.toMatchObject({ code: 'PHOTO_INVALID' });

    discardPhotos(['p-step', 'p-case', 'p-refused', 'p-never']);
    await new Promise((settle) => setTimeout(settle, 0));
    expect(api.calls.filter((route) => route.startsWith('DELETE')).sort()).toEqual(['DELETE /uploads/p-never', 'DELETE /uploads/p-refused']);
  });
});
