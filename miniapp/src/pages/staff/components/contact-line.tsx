import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CaseResponse } from '@wuye/shared';

/**
 * The case's contact, for staff. A whole phone number is dialled with a tap (a handler on site, an
 * agent calling for a visit); a masked one (a handler's before the case is theirs) is only read.
 */
export function ContactLine({ value }: { value: Pick<CaseResponse, 'contactName' | 'contactPhone'> }) {
  const { contactName, contactPhone } = value;
  if (!contactName && !contactPhone) return null;
  return (
    <View className="card__meta">
      联系人：{contactName}{contactName && contactPhone ? ' ' : ''}
      {contactPhone && !contactPhone.includes('*') ? (
        <Text className="link" onClick={() => void Taro.makePhoneCall({ phoneNumber: contactPhone }).catch(() => undefined)}>{contactPhone}</Text>
      ) : contactPhone}
    </View>
  );
}
