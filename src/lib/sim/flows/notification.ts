/** Notifications: services publish to Kafka; the notification service consumes and sends a push or SMS. */
import { cache, externalCall, publish } from '../clients';
import { SMS_GATEWAY } from '../catalogue';
import type { Ctx } from '../trace';
import type { BizRequest } from './request';

export function notify(ctx: Ctx, req: BizRequest, type: string): void {
	publish(ctx, String(req.customerId), {
		service: 'notification',
		handler: (n) => {
			n.set({ 'notification.type': type });
			n.work(0.6);
			cache(n, 'GET', `device:${req.customerId}`, 0.9);
			const result = externalCall(n, SMS_GATEWAY, { method: 'POST', route: '/v1/messages', path: '/v1/messages' });
			if (result.timedOut || (result.status ?? 200) >= 500) {
				n.fail('com.meridianbank.notification.DeliveryException', `message delivery failed for ${type}; will retry`);
				n.log('warn', `Notification ${type} for customer ${req.customerId} not delivered; queued for retry`);
			}
			n.work(0.3);
		}
	});
}
