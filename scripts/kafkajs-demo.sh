#!/usr/bin/env bash
# The seed article's kafkajs producer and consumer, unchanged, against the Kafka cluster of scripts/scale-out.sh,
# while a curl consumer in the same group (my-app3) reads through Tributary (docs/scale-out.md). Needs Node.js and npm.
#   scripts/scale-out.sh start && scripts/kafkajs-demo.sh && scripts/scale-out.sh stop
# The seed's producer.ts and consumer.ts are copied into target/kafkajs-demo/src exactly as the article has them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO="$ROOT/target/kafkajs-demo"
NODE1=localhost:8081
NODE2=localhost:8082
log() { printf '[kafkajs-demo] %s\n' "$*" >&2; }

mkdir -p "$DEMO/src"
cd "$DEMO"
cat > src/producer.ts <<'TS'
import { Kafka } from "kafkajs";

const kafka = new Kafka({
  clientId: "my-app",
  brokers: ["localhost:9092"]
})

const producer = kafka.producer();

async function main() {
  await producer.connect();
  await producer.send({
    topic: "quickstart-events",
    messages: [{
      value: "hi there"
    }]
  });
}


main();
TS
cat > src/consumer.ts <<'TS'
import { Kafka } from "kafkajs";

const kafka = new Kafka({
  clientId: "my-app",
  brokers: ["localhost:9092"]
})

const consumer = kafka.consumer({ groupId: "my-app3" });


async function main() {
  await consumer.connect();
  await consumer.subscribe({
    topic: "quickstart-events", fromBeginning: true
  })

  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      console.log({
        offset: message.offset,
        value: message?.value?.toString(),
      })
    },
  })
}


main();
TS
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "es2020", "module": "commonjs", "esModuleInterop": true, "strict": true,
                       "skipLibCheck": true, "rootDir": "./src", "outDir": "./dist" } }
JSON
[ -f package.json ] || npm init -y >/dev/null
[ -d node_modules/kafkajs ] || npm install --silent kafkajs@2 typescript@5 >/dev/null
npx tsc -b

CLUSTER=$(curl -s "$NODE1/v3/clusters" | sed -E 's/.*"cluster_id":"([^"]+)".*/\1/')
log "topic quickstart-events, 3 partitions, through node 1"
curl -s -o /dev/null -X POST "$NODE1/v3/clusters/$CLUSTER/topics" -H 'Content-Type: application/json' \
  -d '{"topic_name":"quickstart-events","partitions_count":3}'

log "the seed's kafkajs consumer joins group my-app3"
node dist/consumer.js > consumer.log 2>&1 &
CONSUMER=$!
trap 'kill $CONSUMER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -s "$NODE2/v3/clusters/$CLUSTER/consumer-groups/my-app3" | grep -q '"state":"STABLE"' && break; sleep 0.5
done

log "a curl consumer joins the same group: created through node 2, subscribed through node 1"
curl -s -X POST "$NODE2/consumers/my-app3" -H 'Content-Type: application/vnd.kafka.v2+json' \
  -d '{"name":"curl-1","format":"binary","auto.offset.reset":"earliest"}'; echo
curl -s -X POST "$NODE1/consumers/my-app3/instances/curl-1/subscription" \
  -H 'Content-Type: application/vnd.kafka.v2+json' -d '{"topics":["quickstart-events"]}'
for _ in $(seq 1 60); do
  curl -s "$NODE1/consumers/my-app3/instances/curl-1/records?timeout=500" -H 'Accept: application/vnd.kafka.binary.v2+json' >/dev/null
  curl -s "$NODE2/consumers/my-app3/instances/curl-1/assignments" | grep -q '"partition"' && break
done
log "members: $(curl -s "$NODE2/v3/clusters/$CLUSTER/consumer-groups/my-app3/consumers" | grep -o '"consumer_id":"[^"]*"' | tr '\n' ' ')"
log "curl-1 reads: $(curl -s "$NODE1/consumers/my-app3/instances/curl-1/assignments")"

log "the seed's kafkajs producer, 6 times; and 3 records through Tributary"
for _ in $(seq 1 6); do timeout 10 node dist/producer.js >/dev/null 2>&1 || true; done  # it never disconnects
curl -s -X POST "$NODE2/topics/quickstart-events" -H 'Content-Type: application/vnd.kafka.json.v2+json' \
  -d '{"records":[{"value":"from curl","partition":0},{"value":"from curl","partition":1},{"value":"from curl","partition":2}]}'; echo

log "curl-1 polls, through node 1 and node 2 in turn"
for node in "$NODE1" "$NODE2" "$NODE1"; do
  curl -s "$node/consumers/my-app3/instances/curl-1/records?timeout=1500" -H 'Accept: application/vnd.kafka.binary.v2+json' \
    | python3 -c 'import base64, json, sys
for r in json.load(sys.stdin): print("curl-1  partition", r["partition"], "offset", r["offset"], base64.b64decode(r["value"]).decode())'
done
curl -s -o /dev/null -X POST "$NODE2/consumers/my-app3/instances/curl-1/offsets"
sleep 1
log "the kafkajs consumer printed:"
grep -v '^{"level"' consumer.log || true
curl -s -o /dev/null -X DELETE "$NODE1/consumers/my-app3/instances/curl-1"
