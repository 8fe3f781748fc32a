import { useWebRTCCall } from '@calling/react';
import { useEffect } from 'react';
import { Text, View } from 'react-native';
import { dateWords } from '../logic/date-words';
import { callLogLine } from '../logic/words';
import { useSignedIn } from '../session/SessionProvider';
import { useUi } from '../ui/theme';
import { useRemote } from '../use-remote';

/** The booking's calls with `peerName`, newest first, each in words; fetched again whenever a call ends. */
export function CallHistoryList({ bookingId, peerName }: { bookingId: string; peerName: string }) {
  const ui = useUi();
  const { api, session } = useSignedIn();
  const history = useRemote(`history:${bookingId}`, () => api.callHistory(bookingId));
  const { state } = useWebRTCCall();
  const { reload } = history;
  useEffect(() => {
    if (state === 'ended' || state === 'idle') reload();
  }, [state, reload]);

  return (
    <View style={{ gap: 8 }}>
      <Text style={ui.heading}>Calls</Text>
      {history.error ? <Text style={ui.error}>{history.error}</Text> : null}
      {history.data?.length === 0 ? <Text style={ui.subtle}>No calls yet.</Text> : null}
      {history.data?.map((log) => {
        const line = callLogLine(log, session.user.id, peerName);
        const when = dateWords(new Date(log.created_at), new Date());
        return (
          <View key={log.id} testID="call-history-item" style={ui.card} accessibilityLabel={`${line}, ${when}`}>
            <Text style={ui.text}>{line}</Text>
            <Text style={ui.subtle}>{when}</Text>
          </View>
        );
      })}
    </View>
  );
}
