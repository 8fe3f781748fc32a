import { useWebRTCCall } from '@calling/react';
import { useEffect } from 'react';
import { Text, View } from 'react-native';
import { callLogLine } from '../logic/words';
import { useSignedIn } from '../session/SessionProvider';
import { ui } from '../ui/theme';
import { useRemote } from '../use-remote';

/** The booking's calls, newest first; fetched again whenever a call ends. */
export function CallHistoryList({ bookingId }: { bookingId: string }) {
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
      {history.data?.map((log) => (
        <View key={log.id} testID="call-history-item" style={ui.card} accessibilityLabel={`Call ${log.id}`}>
          <Text style={ui.text}>{callLogLine(log, session.user.id)}</Text>
          <Text style={ui.subtle}>{new Date(log.created_at).toLocaleString()}</Text>
        </View>
      ))}
    </View>
  );
}
