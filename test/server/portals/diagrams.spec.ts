/**
 * The process diagram of a case and of the monitor comes from its own URL,
 * named by the digest of the BPMN text, so the browser fetches each version
 * once; the page itself carries no XML.
 */
import assert from 'node:assert/strict';
import { demoEmployer, demoPerson, fileCase } from '../../support/case-builder.js';
import { logIn } from '../../support/web-session.js';
import { openWorld, type World } from '../../security/support/world.js';

describe('the process diagrams served by URL', function () {
  this.timeout(60_000);
  let world: World;
  let caseId: number;
  let processId: string;

  before(async () => {
    world = await openWorld();
    const application = await fileCase(world.models, {
      person: await demoPerson(world.models, 'zhangwei'),
      employer: await demoEmployer(world.models, 'design'),
      profession: 'engineer',
      matter: 'initial',
    });
    caseId = application.id;
    processId = `zhuce-${application.matter}-${application.profession}`;
  });

  after(async () => world?.close());

  it('names the diagram of the case\'s process on a staff member\'s case page, and serves that XML to keep for good', async () => {
    // given
    const analyst = await logIn(world.base, 'fenxi');
    // when
    const page = await (await analyst.get(`/applications/${caseId}`, { accept: 'text/html' })).text();
    const url = /<div id="diagram" class="diagram" data-xml-url="([^"]+)">/.exec(page)?.[1];
    const diagram = await analyst.get(url ?? '/missing', { accept: 'application/xml' });
    // then
    assert.ok(url, 'the case page names the diagram');
    assert.doesNotMatch(page, /bpmn:definitions/, 'the page carries no XML');
    assert.equal(url, `/processes/${processId}/diagrams/${world.runtime.catalog.process(processId)!.digest}`);
    assert.equal(diagram.status, 200);
    assert.match(diagram.headers.get('content-type') ?? '', /^application\/xml/);
    assert.match(diagram.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(await diagram.text(), world.runtime.catalog.process(processId)!.xml);
  });

  it('names no diagram to the applicant, and refuses the URL to them', async () => {
    // given
    const applicant = await logIn(world.base, 'zhangwei');
    const url = `/processes/${processId}/diagrams/${world.runtime.catalog.process(processId)!.digest}`;
    // when
    const page = await (await applicant.get(`/applications/${caseId}`, { accept: 'text/html' })).text();
    const diagram = await applicant.get(url);
    // then
    assert.doesNotMatch(page, /data-xml-url/);
    assert.equal(diagram.status, 403);
  });

  it('answers a digest no recorded version has with 流程图不存在', async () => {
    // given
    const analyst = await logIn(world.base, 'fenxi');
    // when
    const diagram = await analyst.get(`/processes/${processId}/diagrams/0123456789abcdef0123`);
    const otherProcess = await analyst.get(`/processes/no-such-process/diagrams/${world.runtime.catalog.process(processId)!.digest}`);
    // then
    assert.equal(diagram.status, 404);
    assert.match(await diagram.text(), /流程图不存在/);
    assert.equal(otherProcess.status, 404);
  });
});
