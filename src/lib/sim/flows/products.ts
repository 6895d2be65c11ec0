/** Product processing flows: catalogue inquiry and subscription to a savings or fund product. */
import { cache, query } from '../clients';
import { httpCall } from '../calls';
import { kstTimestamp, productAccountOpening } from '../monolith';
import { SQL } from '../statements';
import type { Ctx, TraceEnv } from '../trace';
import { channelRequest } from './entry';
import { notify } from './notification';
import type { BizRequest } from './request';

/** Share of catalogue inquiries that also open a product's detail page. */
const DETAIL_SHARE = 0.4;

function productDetail(c: Ctx, code: string): number {
	return httpCall(c, 'product-catalogue', { method: 'GET', route: '/products/{productCode}', path: `/products/${code}` }, (pc) => {
		pc.work(0.6);
		if (!cache(pc, 'GET', `product:${code}`, 0.85)) {
			pc.httpStatus = query(pc, SQL.productDetail, [code]) ? 200 : 503;
			if (pc.httpStatus === 200) cache(pc, 'SET', `product:${code}`);
		}
		pc.work(0.4);
	});
}

export function productInquiry(env: TraceEnv, startMs: number, req: BizRequest): boolean {
	const category = req.product ?? 'savings';
	return channelRequest(env, startMs, req, 'GET', '/api/products', `/api/products?category=${category}`, (bff) => {
		bff.httpStatus = httpCall(bff, 'product-catalogue', { method: 'GET', route: '/products', path: `/products?category=${category}` }, (pc) => {
			pc.work(0.8);
			if (!cache(pc, 'GET', `products:${category}`, 0.9)) {
				pc.httpStatus = query(pc, SQL.productList, [category]) ? 200 : 503;
				if (pc.httpStatus === 200) cache(pc, 'SET', `products:${category}`);
			}
			pc.work(1.2);
		});
		if (bff.httpStatus < 400 && bff.env.prng.chance(DETAIL_SHARE)) {
			bff.httpStatus = productDetail(bff, category === 'fund' ? 'FUND-GLOBAL-EQ' : 'DEP-FREE-SAVINGS');
		}
	});
}

export function productSubscribe(env: TraceEnv, startMs: number, req: BizRequest): boolean {
	const code = req.product ?? 'DEP-FREE-SAVINGS';
	return channelRequest(env, startMs, req, 'POST', '/api/products/{productCode}/subscriptions', `/api/products/${code}/subscriptions`, (bff) => {
		bff.httpStatus = httpCall(bff, 'product-subscription', { method: 'POST', route: '/subscriptions', path: '/subscriptions' }, (ps) => {
			ps.work(1);
			if (productDetail(ps, code) >= 500) {
				ps.httpStatus = 502;
				return;
			}
			query(ps, SQL.subscriptionCount, [req.customerId, code]);
			const contractNo = `PC${ps.env.prng.hex(10).toUpperCase()}`;
			const core = httpCall(ps, 'core-banking', { method: 'POST', route: '/cbs/v1/product-accounts', path: '/cbs/v1/product-accounts' }, (cbs) => {
				productAccountOpening(cbs, { customerId: req.customerId, accountNo: req.counterAccountNo, amountKrw: req.amountKrw ?? 0, channelCode: req.channel === 'internet' ? 'IB' : 'MB', productCode: code, contractNo });
				cbs.httpStatus = 200;
			});
			if (core >= 400) {
				ps.httpStatus = 502;
				return;
			}
			query(ps, SQL.subscriptionInsert, [`SB${ps.env.prng.hex(10).toUpperCase()}`, req.customerId, code, req.amountKrw ?? 0, req.channel, kstTimestamp(ps.t)]);
			notify(ps, req, 'PRODUCT_SUBSCRIBED');
			ps.work(0.5);
			ps.httpStatus = 201;
		});
	});
}
