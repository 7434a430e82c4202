import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OTLP_TRACES_URL, otlpTracesUrl } from './otlp-traces-url.js';

test('the configured endpoint wins; a bare collector address gets /v1/traces', () => {
  const environment = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' };
  assert.equal(otlpTracesUrl('http://collector:4318', environment), 'http://collector:4318/v1/traces');
  assert.equal(otlpTracesUrl('http://collector:4318/', environment), 'http://collector:4318/v1/traces');
  assert.equal(otlpTracesUrl('https://vendor.example/api/traces', environment), 'https://vendor.example/api/traces');
});

test('else the standard variables: the traces one as it is, the general one with /v1/traces', () => {
  assert.equal(otlpTracesUrl(undefined, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://a:1/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:2' }), 'http://a:1/custom');
  assert.equal(otlpTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:2/' }), 'http://b:2/v1/traces');
  assert.equal(otlpTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:2/prefix' }), 'http://b:2/prefix/v1/traces');
  assert.equal(otlpTracesUrl(undefined, {}), DEFAULT_OTLP_TRACES_URL);
});
