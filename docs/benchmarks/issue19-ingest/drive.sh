#!/bin/bash
# Issue 19 ingest with webhooks: off / new batch 50 / new batch 1 / old (f45c353) hooks, 60 s runs, rounds rotated, both stores.
OUT=/tmp/p19/abba; mkdir -p $OUT
waitq() { for _ in $(seq 1 120); do l=$(cut -d' ' -f1 /proc/loadavg); python3 -c "import sys; sys.exit(0 if $l < 1.5 else 1)" && return; sleep 5; done; }
run() { # store variant round
  store=$1; v=$2; r=$3; name=$store-$v-$r
  case $v in off) root=/tmp/b-new; hooks=""; args="";; b50) root=/tmp/b-new; hooks=hooks; args="--webhooks.batch_max=50";;
             b1) root=/tmp/b-new; hooks=hooks; args="";; old) root=/tmp/b-old; hooks=hooks; args="";; esac
  db=""
  if [ $store = pg ]; then db=whb_${v}_$r; psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"; fi
  waitq
  echo "== $name $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/log.txt
  if [ $store = pg ]; then
    DB_ARGS="--db.url=jdbc:postgresql://127.0.0.1:5432/$db --db.user=postgres" DURATION=60 SERVER_ARGS="$args" $root/loadtest/bench/webhooks-ingest.sh $OUT $name $hooks >> $OUT/log.txt 2>&1
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  else
    DURATION=60 SERVER_ARGS="$args" $root/loadtest/bench/webhooks-ingest.sh $OUT $name $hooks >> $OUT/log.txt 2>&1
  fi
}
for store in embedded pg; do
  for v in off b50 b1 old; do run $store $v 1; done
  for v in old b1 b50 off; do run $store $v 2; done
  for v in off b50 b1 old; do run $store $v 3; done
done
echo "DONE $(date +%T)" >> $OUT/log.txt
